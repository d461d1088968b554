package dev.renditions.worker.s3;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputGuardTest {
    static final S3Location SOURCE = new S3Location("photos", "uploads/cat.jpg");

    @ParameterizedTest(name = "{0} with input prefix ''{1}'' is unsafe")
    @CsvSource(
            delimiter = '|',
            value = {
                "s3://photos/uploads/renditions/|uploads/",
                "s3://photos/uploads/|uploads/",
                "s3://photos/|uploads/",
                "s3://photos|uploads/",
                "s3://photos/renditions/|''",
                "s3://photos/upl|upl",
            })
    void refused(String output, String inputPrefix) {
        UsageException e = assertThrows(
                UsageException.class, () -> OutputGuard.check(SOURCE, S3Location.parse(output), inputPrefix));
        assertEquals(UsageException.UNSAFE_OUTPUT, e.code());
        assertEquals(2, e.exitCode());
    }

    @ParameterizedTest(name = "{0} with input prefix ''{1}'' is safe")
    @CsvSource(
            delimiter = '|',
            value = {
                "s3://photos/renditions/|uploads/",
                "s3://photos/uploadsX/|uploads/",
                "s3://other/|uploads/",
                "s3://other/uploads/|uploads/",
                "s3://photos/renditions/|incoming/",
            })
    void allowed(String output, String inputPrefix) {
        assertDoesNotThrow(() -> OutputGuard.check(SOURCE, S3Location.parse(output), inputPrefix));
    }
}
