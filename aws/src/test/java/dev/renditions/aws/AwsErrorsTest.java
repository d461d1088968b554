package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class AwsErrorsTest {
    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("said " + code)
                        .build())
                .build();
    }

    private static RenditionException classify(Throwable t) {
        return AwsErrors.classify(t, "s3:GetObject", "s3://bucket/key");
    }

    @ParameterizedTest
    @CsvSource({"404, NoSuchBucket", "400, InvalidBucketName", "400, ResourceNotFoundException", "400, ClientException"
    })
    void configurationErrorsAreUsageErrors(int status, String code) {
        RenditionException e = classify(s3(status, code));
        assertInstanceOf(dev.renditions.core.errors.UsageException.class, e);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("s3:GetObject on s3://bucket/key"), e.getMessage());
        assertTrue(e.getMessage().contains(code), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "503, SlowDown, Throttled",
        "400, Throttling, Throttled",
        "400, ThrottlingException, Throttled",
        "429, TooManyRequests, Throttled",
        "429, Whatever, Throttled",
        "400, TooManyRequestsException, Throttled",
        "500, InternalError, ServiceError",
        "502, BadGateway, ServiceError",
        "503, ServiceUnavailable, ServiceError",
        "400, InvalidRequest, ServiceError",
        "403, ExpiredToken, ServiceError",
        "403, RequestTimeTooSkewed, ServiceError",
    })
    void transientClassification(int status, String code, String expected) {
        RenditionException e = classify(s3(status, code));
        assertInstanceOf(TransientException.class, e);
        assertEquals(expected, e.code());
        assertTrue(e.getMessage().contains("s3:GetObject on s3://bucket/key"), e.getMessage());
        assertTrue(e.getMessage().contains(code), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "403, AccessDenied",
        "403, InvalidAccessKeyId",
        "403, SignatureDoesNotMatch",
        "400, AccessDeniedException"
    })
    void accessDeniedIsAUsageErrorNamingActionAndResource(int status, String code) {
        RenditionException e = classify(s3(status, code));
        assertInstanceOf(UsageException.class, e);
        assertEquals(UsageException.ACCESS_DENIED, e.code());
        assertTrue(e.getMessage().startsWith("access denied: s3:GetObject on s3://bucket/key"), e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void eventBridgeAndBatchErrorsToo() {
        RenditionException throttled = AwsErrors.classify(
                EventBridgeException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ThrottlingException")
                                .build())
                        .build(),
                "events:PutEvents",
                "event bus default");
        assertEquals(TransientException.THROTTLED, throttled.code());
        RenditionException denied = AwsErrors.classify(
                BatchException.builder()
                        .statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("AccessDeniedException")
                                .build())
                        .build(),
                "batch:SubmitJob",
                "job queue q");
        assertEquals(UsageException.ACCESS_DENIED, denied.code());
        assertTrue(denied.getMessage().contains("batch:SubmitJob on job queue q"), denied.getMessage());
    }

    @Test
    void clientSideIoIsTransientIoError() {
        RenditionException e =
                classify(SdkClientException.create("Unable to execute HTTP request", new IOException("reset")));
        assertEquals(TransientException.IO_ERROR, e.code());
        RenditionException timeout =
                classify(SdkClientException.create("timed out", new SocketTimeoutException("Read timed out")));
        assertEquals(TransientException.IO_ERROR, timeout.code());
        assertTrue(timeout.getMessage().startsWith("timed out: "), timeout.getMessage());
        assertEquals(
                TransientException.IO_ERROR, classify(new IOException("disk")).code());
    }

    @Test
    void anythingElseIsTransientAndClassifiedOnce() {
        assertEquals(
                TransientException.INTERNAL,
                classify(new IllegalStateException("bug")).code());
        TransientException already = new TransientException(TransientException.THROTTLED, "x", null);
        assertSame(already, classify(already));
    }
}
