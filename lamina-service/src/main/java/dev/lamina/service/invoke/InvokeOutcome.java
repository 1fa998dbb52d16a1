package dev.lamina.service.invoke;

import dev.lamina.environment.InvokeResult;

/** What an Invoke command came to. */
public sealed interface InvokeOutcome {

    /** DryRun: the function exists and the request is valid; nothing ran (204). */
    record Validated() implements InvokeOutcome {}

    /** Event: accepted, runs in the background (202). */
    record Queued() implements InvokeOutcome {}

    /**
     * RequestResponse: the function answered (200).
     *
     * @param logResult base64 of the last 4 KB of the invoke's log when the tail was asked for, else null
     */
    record Completed(InvokeResult result, String logResult) implements InvokeOutcome {}
}
