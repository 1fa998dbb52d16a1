package dev.lamina.service.code;

/** A deployment zip Lamina refuses; the message says why (for logs and, where Lambda has one, the caller). */
class InvalidZipException extends Exception {

    InvalidZipException(String message) {
        super(message, null, false, false);
    }

    /** The uncompressed content is larger than allowed (counted while inflating). */
    static final class TooLarge extends InvalidZipException {
        TooLarge(long limit) {
            super("Unzipped size must be smaller than " + limit + " bytes");
        }
    }

    /** The archive has more entries than allowed. */
    static final class TooManyEntries extends InvalidZipException {
        TooManyEntries(long count, int limit) {
            super("The zip has " + count + " entries; at most " + limit + " are allowed");
        }
    }
}
