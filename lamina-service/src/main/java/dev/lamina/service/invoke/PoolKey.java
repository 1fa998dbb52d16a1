package dev.lamina.service.invoke;

/**
 * What an environment is made for: a function at one revision of its code and configuration. Every update gives the
 * function a new RevisionId, so an update naturally starts a new pool.
 */
record PoolKey(String functionName, String revisionId) {}
