package dev.lamina.service.core;

/** Retires a function's execution environments after its code or configuration changed, or it was deleted. */
@FunctionalInterface
public interface EnvironmentRetirer {

    /** Closes the function's environments once their current invoke is done; the next invoke gets a fresh one. */
    void retire(String functionName);
}
