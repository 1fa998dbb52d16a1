package dev.lamina.service.registry;

/** The registry database failed: a platform fault (500), never a user error. */
public final class RegistryException extends RuntimeException {

    RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
