package dev.lamina.environment;

import dev.lamina.environment.runtimeapi.ApiOutcome;
import dev.lamina.environment.runtimeapi.RuntimeCommand;
import dev.lamina.environment.telemetry.PlatformEvent;
import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.runtime.RuntimeApi;
import dev.lamina.sandbox.ProcessExit;
import dev.lamina.sandbox.SandboxedProcess;
import java.util.function.Consumer;

/**
 * The runtime's side of the core (contract §1): its Runtime API commands ({@code next}, {@code response},
 * {@code error} and the responses refused at the edge; {@code init/error} goes to {@link InitPhase}) and its
 * process's exit, each moved through the {@link RuntimeStateMachine} before anything else happens.
 *
 * <p>Owns the runtime's parked {@code next} (a reply callback: no thread waits for it). Confined to the
 * environment's serial executor: {@link LocalEnvironment#handle(RuntimeCommand, Consumer)} submits each command as
 * one task, often run inline on the event loop that read it (D41); replies are written from that task.
 */
final class RuntimeCommands {
    private final LocalEnvironment env;
    private Consumer<ApiOutcome> parked;

    RuntimeCommands(LocalEnvironment env) {
        this.env = env;
    }

    void handle(RuntimeCommand command, Consumer<ApiOutcome> reply) {
        switch (command) {
            case RuntimeCommand.Next n -> onNext(reply);
            case RuntimeCommand.InitError e -> env.init.onInitError(e, reply);
            default -> onAnswer(command, reply);
        }
    }

    /** The parked {@code next}, which the caller completes with the event; none is parked afterwards. */
    Consumer<ApiOutcome> takeParked() {
        Consumer<ApiOutcome> reply = parked;
        parked = null;
        return reply;
    }

    /** A reset: the parked {@code next} belongs to a runtime that is going away. */
    void dropParked() {
        parked = null;
    }

    private void onNext(Consumer<ApiOutcome> reply) {
        StateOutcome outcome = env.machine.on(new RuntimeEvent.NextCalled());
        if (outcome instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        parked = reply;
        if (((StateOutcome.Transition) outcome).from() instanceof RuntimeState.Starting) {
            env.lifecycle.on(new EnvironmentInput.RuntimeReady());
            env.registry.close();
            env.init.checkComplete();
        } else {
            InvokeRun r = env.run;
            if (r != null && r.resultDone) {
                env.events.runtimeDone(r, r.functionError == null ? PlatformEvent.Status.SUCCESS
                        : PlatformEvent.Status.ERROR, r.functionError);
            }
            env.invokes.checkSettled();
        }
    }

    /** {@code /response}, {@code /error}, or a response refused at the edge. */
    private void onAnswer(RuntimeCommand command, Consumer<ApiOutcome> reply) {
        String requestId = switch (command) {
            case RuntimeCommand.Response c -> c.requestId();
            case RuntimeCommand.Error c -> c.requestId();
            case RuntimeCommand.ResponseTooLarge c -> c.requestId();
            case RuntimeCommand.InvalidResponseMode c -> c.requestId();
            default -> throw new IllegalArgumentException(command.toString());
        };
        RuntimeEvent event = command instanceof RuntimeCommand.Error
                ? new RuntimeEvent.ErrorPosted(requestId)
                : new RuntimeEvent.ResponsePosted(requestId);
        if (env.machine.on(event) instanceof StateOutcome.Rejected rejected) {
            reply.accept(new ApiOutcome.Rejected(rejected.errorType(), rejected.message()));
            return;
        }
        env.lifecycle.on(new EnvironmentInput.RuntimeAnswered(requestId));
        InvokeRun r = env.run;
        env.invokes.answered(r);
        switch (command) {
            case RuntimeCommand.Response c -> {
                r.producedBytes = c.body().length;
                r.complete(c.body(), callerContentType(c.contentType()), null);
                reply.accept(ApiOutcome.ACCEPTED);
            }
            case RuntimeCommand.Error c -> {
                FunctionErrors.Posted posted = FunctionErrors.posted(c.errorType(), c.body());
                r.functionError = posted.recordedType();
                r.complete(posted.callerBody(), InvokeRun.JSON, posted.recordedType());
                reply.accept(ApiOutcome.ACCEPTED);
            }
            case RuntimeCommand.ResponseTooLarge c -> {
                r.functionError = ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE.wire();
                r.complete(FunctionErrors.body(ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE, "Response payload size ("
                        + c.bytes() + " bytes) exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES
                        + " bytes)."), InvokeRun.JSON, ErrorType.FUNCTION_RESPONSE_SIZE_TOO_LARGE.wire());
                reply.accept(new ApiOutcome.Rejected(ErrorType.REQUEST_ENTITY_TOO_LARGE,
                        "Exceeded maximum allowed payload size (" + RuntimeApi.MAX_PAYLOAD_BYTES + " bytes)."));
            }
            case RuntimeCommand.InvalidResponseMode c -> {
                r.functionError = ErrorType.RUNTIME_INVALID_RESPONSE_MODE_HEADER.wire();
                r.complete(FunctionErrors.platformBody(ErrorType.RUNTIME_INVALID_RESPONSE_MODE_HEADER, r.requestId(),
                        "Invalid response mode header: " + c.mode()), InvokeRun.JSON,
                        ErrorType.RUNTIME_INVALID_RESPONSE_MODE_HEADER.wire());
                reply.accept(new ApiOutcome.Rejected(ErrorType.INVALID_FUNCTION_RESPONSE_MODE,
                        "Invalid " + RuntimeApi.HEADER_RESPONSE_MODE + " header: " + c.mode()));
            }
            default -> throw new IllegalArgumentException(command.toString());
        }
    }

    /** Shell clients send {@code application/x-www-form-urlencoded} for anything: treat it like no type at all. */
    private static String callerContentType(String contentType) {
        if (contentType == null || contentType.isBlank() || contentType.startsWith("application/x-www-form-urlencoded")) {
            return InvokeRun.JSON;
        }
        return contentType;
    }

    /** The runtime process exited: an init failure, or a failure of whatever phase the environment is in. */
    void onExit(SandboxedProcess p, ProcessExit exit) {
        if (p != env.process) {
            ShutdownSequence sequence = env.sequence;
            if (sequence != null && sequence.owns(p)) {
                sequence.runtimeExited();
            }
            return;
        }
        RuntimeState before = env.machine.state();
        env.machine.on(new RuntimeEvent.ProcessExited());
        if (env.lifecycle.state().initializing()) {
            FunctionErrors.Posted posted = env.init.postedError();
            env.init.failed(before instanceof RuntimeState.InitErrored && posted != null
                    ? InitFailure.posted(posted) : InitFailure.exited(exit));
        } else {
            env.fail(exit instanceof ProcessExit.OomKilled ? ErrorType.RUNTIME_OUT_OF_MEMORY
                    : ErrorType.RUNTIME_EXIT_ERROR, InitFailure.exitMessage(exit));
        }
    }
}
