package dev.lamina.environment;

import dev.lamina.environment.EnvironmentState.AwaitingExtensions;
import dev.lamina.environment.EnvironmentState.LaunchingExtensions;
import dev.lamina.environment.EnvironmentState.Settling;
import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.ExtensionCommand;
import dev.lamina.environment.telemetry.SubscribeOutcome;
import dev.lamina.environment.telemetry.SubscriptionApi;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.extensions.ExtensionEvent;
import dev.lamina.protocol.extensions.RegisterResponse;
import dev.lamina.sandbox.ProcessExit;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extensions' side of the core (contract §2): their Extensions API commands ({@code register},
 * {@code event/next}, {@code init/error}, {@code exit/error}), Logs/Telemetry API subscriptions, the events
 * delivered to their parked {@code event/next}, and their processes' exits. An extension of the current init
 * attempt is found in the environment's {@link ExtensionRegistry}; one being shut down, in its
 * {@link ShutdownSequence}.
 *
 * <p>Holds no state of its own: each {@link Extension} holds its state machine and parked reply. Confined to the
 * environment's serial executor: {@link LocalEnvironment} submits each command as one task, and replies are written
 * from that task.
 */
final class ExtensionCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionCommands.class);

    private final LocalEnvironment env;
    private final EnvironmentSpec spec;
    private final OutputRouter output;

    ExtensionCommands(LocalEnvironment env) {
        this.env = env;
        this.spec = env.spec;
        this.output = env.output;
    }

    void handle(ExtensionCommand command, Consumer<ApiOutcome> reply) {
        switch (command) {
            case ExtensionCommand.Register c -> onRegister(c, reply);
            case ExtensionCommand.Next c -> onNext(c.identifier(), reply);
            case ExtensionCommand.InitError c -> onError(c.identifier(), c.errorType(), false, reply);
            case ExtensionCommand.ExitError c -> onError(c.identifier(), c.errorType(), true, reply);
        }
    }

    /** A Logs or Telemetry API subscription (contract §3), by an extension of the current init attempt. */
    void subscribe(SubscriptionApi api, String identifier, byte[] body, Consumer<SubscribeOutcome> reply) {
        ExtensionRegistry registry = env.registry;
        Extension e = registry == null ? null : registry.byId(identifier);
        if (e == null) {
            reply.accept(new SubscribeOutcome.Rejected(ErrorType.EXTENSION_UNKNOWN_IDENTIFIER,
                    "Unknown extension " + identifier));
            return;
        }
        reply.accept(env.events.hub().subscribe(api, e.name, body));
    }

    private Extension lookup(String identifier) {
        Extension e = env.registry == null ? null : env.registry.byId(identifier);
        if (e == null && env.sequence != null) {
            e = env.sequence.extension(identifier);
        }
        return e;
    }

    private void onRegister(ExtensionCommand.Register command, Consumer<ApiOutcome> reply) {
        ExtensionRegistry registry = env.registry;
        if (registry == null || !env.lifecycle.state().initializing()) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_REGISTRATION_CLOSED,
                    "Extension registration closed already"));
            return;
        }
        switch (registry.register(command)) {
            case ExtensionRegistry.Registration.Refused r ->
                    reply.accept(new ApiOutcome.Rejected(r.errorType(), r.message()));
            case ExtensionRegistry.Registration.Accepted a -> {
                RegisterResponse body = new RegisterResponse(spec.functionName(), spec.functionVersion(),
                        spec.handler(), command.accountId() ? spec.accountId() : null);
                reply.accept(new ApiOutcome.Registered(a.extension().id, FunctionErrors.json(body)));
                if (env.lifecycle.state() instanceof LaunchingExtensions && registry.allExternalRegistered()) {
                    env.init.startRuntime();
                }
            }
        }
    }

    private void onNext(String identifier, Consumer<ApiOutcome> reply) {
        Extension e = lookup(identifier);
        if (e == null) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_UNKNOWN_IDENTIFIER,
                    "Unknown extension " + identifier));
            return;
        }
        if (e.machine.on(new ExtensionInput.NextCalled()) instanceof ExtensionStateMachine.Outcome.Rejected r) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_INVALID_STATE, r.message(e.name)));
            return;
        }
        e.parked = reply;
        ShutdownSequence sequence = env.sequence;
        if (sequence != null && sequence.extension(identifier) == e) {
            sequence.extensionNext(e);
        } else if (env.lifecycle.state() instanceof AwaitingExtensions) {
            env.init.checkComplete();
        } else if (env.lifecycle.state() instanceof Settling) {
            env.invokes.checkSettled();
        }
    }

    private void onError(String identifier, String errorType, boolean exit, Consumer<ApiOutcome> reply) {
        Extension e = lookup(identifier);
        if (e == null) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_UNKNOWN_IDENTIFIER,
                    "Unknown extension " + identifier));
            return;
        }
        boolean current = env.registry != null && env.registry.byId(identifier) == e;
        ExtensionInput input = exit ? new ExtensionInput.ExitErrorPosted() : new ExtensionInput.InitErrorPosted();
        ExtensionStateMachine.Outcome outcome = !exit && !(current && env.lifecycle.state().initializing())
                ? new ExtensionStateMachine.Outcome.Rejected(e.state(), input)
                : e.machine.on(input);
        if (outcome instanceof ExtensionStateMachine.Outcome.Rejected r) {
            reply.accept(new ApiOutcome.Rejected(ErrorType.EXTENSION_INVALID_STATE, r.message(e.name)));
            return;
        }
        e.parked = null;
        reply.accept(ApiOutcome.ACCEPTED);
        output.emit(e.logLine(e.state().name()));
        if (!current) {
            return; // already shutting down: it is killed with the rest
        }
        ErrorType type = exit ? ErrorType.EXTENSION_EXIT_ERROR : ErrorType.EXTENSION_INIT_ERROR;
        env.fail(type, "Extension " + e.name + " " + (exit ? "exit" : "init") + " error: " + errorType);
    }

    /** Completes an extension's parked {@code event/next} with an event. */
    void deliver(Extension e, ExtensionEvent event) {
        Consumer<ApiOutcome> reply = e.parked;
        e.parked = null;
        if (reply == null) {
            LOG.error("environment {}: extension {} is not parked ({})", env.id(), e.name, e.state().name());
            return;
        }
        reply.accept(new ApiOutcome.ExtensionEvent(FunctionErrors.json(event), UUID.randomUUID().toString()));
    }

    /** An extension's process exited: a crash (unless it was shutting down, or of an earlier attempt). */
    void onExit(Extension e, ProcessExit exit) {
        ShutdownSequence sequence = env.sequence;
        if (sequence != null && sequence.extension(e.id) == e) {
            sequence.extensionExited(e, exit);
            return;
        }
        ExtensionRegistry registry = env.registry;
        if (registry == null || registry.byId(e.id) != e) {
            return; // an extension of an earlier attempt
        }
        if (e.machine.on(new ExtensionInput.ProcessExited()) instanceof ExtensionStateMachine.Outcome.Rejected) {
            return;
        }
        output.emit(e.logLine(e.state().name()));
        env.fail(ErrorType.EXTENSION_CRASH, InitFailure.extensionExitMessage(e.name, exit));
    }
}
