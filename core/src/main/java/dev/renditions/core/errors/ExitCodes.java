package dev.renditions.core.errors;

/**
 * The worker's exit codes. AWS Batch retry rules ({@code evaluateOnExit}) match these numbers, so they are a
 * public contract: change them only together with {@code batch-job-definitions/}.
 */
public final class ExitCodes {
    /** Every selected rendition was written (or was already up to date, or the source was superseded). */
    public static final int OK = 0;
    /** Transient or unexpected failure: throttling, 5xx, network, an event that could not be delivered. A retry may help. */
    public static final int TRANSIENT = 1;
    /** Usage or configuration error: bad flags, bad spec, access denied, an unsubstituted {@code Ref::} parameter. */
    public static final int USAGE = 2;
    /** The input is invalid, unsupported, missing or over a limit. A retry cannot help. */
    public static final int INVALID_INPUT = 3;

    private ExitCodes() {}
}
