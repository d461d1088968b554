package dev.renditions.aws;

import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that turns AWS SDK exceptions into the core's classified exceptions. Called after the SDK's own
 * retries are spent, so what is transient here has already been retried with backoff.
 *
 * <table>
 *   <caption>classification</caption>
 *   <tr><th>SDK says</th><th>we throw</th><th>exit</th></tr>
 *   <tr><td>throttling: {@code SlowDown}, {@code Throttling*}, {@code TooManyRequests*}, HTTP 429</td>
 *       <td>{@link TransientException} {@code Throttled}</td><td>1</td></tr>
 *   <tr><td>HTTP 403 ({@code AccessDenied*}, {@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch}, ...), or an
 *       {@code AccessDenied*} code with another status</td>
 *       <td>{@link UsageException} {@code AccessDenied}, naming the action and the resource</td><td>2</td></tr>
 *   <tr><td>{@code NoSuchBucket}, {@code InvalidBucketName}, {@code ResourceNotFoundException} (e.g. no such event
 *       bus), Batch {@code ClientException} (no such queue or job definition, invalid parameters)</td>
 *       <td>{@link UsageException} {@code BadUsage}: a configuration error</td><td>2</td></tr>
 *   <tr><td>HTTP 5xx</td><td>{@link TransientException} {@code ServiceError}</td><td>1</td></tr>
 *   <tr><td>client side: I/O, time-outs</td><td>{@link TransientException} {@code IoError}</td><td>1</td></tr>
 *   <tr><td>anything else (other 4xx, expired tokens, clock skew)</td>
 *       <td>{@link TransientException} {@code ServiceError} (or {@code InternalError} when not from AWS)</td>
 *       <td>1</td></tr>
 * </table>
 *
 * <p>Adapters handle the answers that mean something for their operation (404 on GET, 412 on a conditional PUT)
 * before they fall back to this class.
 */
public final class AwsErrors {
    /** Errors that mean the configuration names something that does not exist: a retry cannot help. */
    private static final Set<String> MISCONFIGURED =
            Set.of("NoSuchBucket", "InvalidBucketName", "ResourceNotFoundException", "ClientException");

    private static final Set<String> NOT_ACCESS_DENIED_403 =
            Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired", "RequestTimeTooSkewed");

    private AwsErrors() {}

    /**
     * @param action the IAM action that failed, e.g. {@code s3:GetObject}
     * @param resource what it was done to, e.g. {@code s3://bucket/key} or {@code event bus default}
     */
    public static RenditionException classify(Throwable t, String action, String resource) {
        if (t instanceof RenditionException re) {
            return re;
        }
        String where = action + " on " + resource;
        if (t instanceof AwsServiceException ase) {
            return classifyService(ase, where);
        }
        if (t instanceof SdkServiceException sse) { // a service error without AWS error details
            return classifyStatus(sse, sse.statusCode(), null, Failures.describe(sse), where);
        }
        if (t instanceof SdkClientException sce) {
            return new TransientException(
                    TransientException.IO_ERROR,
                    (isTimeout(sce) ? "timed out: " : "I/O error: ") + where + ": " + Failures.describe(sce),
                    sce);
        }
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return new TransientException(
                    TransientException.IO_ERROR, "I/O error: " + where + ": " + Failures.describe(t), t);
        }
        return Failures.classify(t);
    }

    /** HTTP status of a service error, or 0. */
    public static int status(Throwable t) {
        return t instanceof SdkServiceException sse ? sse.statusCode() : 0;
    }

    /** The AWS error code ({@code NoSuchKey}, {@code SlowDown}, ...) of a service error, or null. */
    public static String errorCode(Throwable t) {
        if (t instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return null;
    }

    public static boolean isThrottling(Throwable t) {
        if (!(t instanceof SdkServiceException sse)) {
            return false;
        }
        String code = errorCode(t);
        return sse.isThrottlingException()
                || sse.statusCode() == 429
                || (code != null
                        && (code.startsWith("Throttl")
                                || code.equals("SlowDown")
                                || code.startsWith("TooManyRequests")
                                || code.equals("RequestLimitExceeded")));
    }

    public static boolean isAccessDenied(Throwable t) {
        if (!(t instanceof SdkServiceException sse)) {
            return false;
        }
        String code = errorCode(t);
        if (code != null && code.startsWith("AccessDenied")) {
            return true;
        }
        return sse.statusCode() == 403 && (code == null || !NOT_ACCESS_DENIED_403.contains(code));
    }

    private static RenditionException classifyService(AwsServiceException e, String where) {
        String code = errorCode(e);
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String said = (code == null ? "HTTP " + e.statusCode() : code)
                + (detail == null || detail.isBlank() ? "" : ": " + detail.replace('\n', ' '));
        return classifyStatus(e, e.statusCode(), code, said, where);
    }

    private static RenditionException classifyStatus(
            SdkServiceException e, int status, String code, String said, String where) {
        if (isThrottling(e)) {
            return new TransientException(
                    TransientException.THROTTLED,
                    "throttled: " + where + ", still after the SDK's retries (" + said + ")",
                    e);
        }
        if (isAccessDenied(e)) {
            return new UsageException(
                    UsageException.ACCESS_DENIED,
                    "access denied: " + where + " (" + said + "); grant " + where.substring(0, where.indexOf(' '))
                            + " to the role that runs this",
                    e);
        }
        if (code != null && MISCONFIGURED.contains(code)) {
            return new UsageException(
                    UsageException.BAD_USAGE, "check the configuration: " + where + " failed (" + said + ")", e);
        }
        if (status >= 500) {
            return new TransientException(
                    TransientException.SERVICE_ERROR,
                    "service error " + status + ": " + where + ", still after the SDK's retries (" + said + ")",
                    e);
        }
        return new TransientException(
                TransientException.SERVICE_ERROR,
                "request failed: " + where + " (HTTP " + status + " " + said + ")",
                e);
    }

    private static boolean isTimeout(SdkClientException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ApiCallTimeoutException
                    || c instanceof ApiCallAttemptTimeoutException
                    || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
