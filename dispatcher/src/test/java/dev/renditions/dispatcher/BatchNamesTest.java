package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchNamesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "uploads/cat.jpg|renditions-cat_jpg-1a2b3c4d",
                "uploads/2024/My Holiday (1).JPG|renditions-My_Holiday_1_JPG-1a2b3c4d",
                "uploads/crème brûlée.png|renditions-creme_brulee_png-1a2b3c4d",
                "uploads/日本語.jpg|renditions-jpg-1a2b3c4d",
                "uploads/写真|renditions-upload-1a2b3c4d",
                "uploads/a+b%20c.jpg|renditions-a_b_20c_jpg-1a2b3c4d",
                "uploads/___x___|renditions-x-1a2b3c4d",
                "cat.jpg|renditions-cat_jpg-1a2b3c4d"
            })
    void jobNameIsRecognisableAndValid(String key, String expected) {
        assertEquals(expected, BatchNames.jobName(key, "1a2b3c4d"));
    }

    @ParameterizedTest
    @CsvSource({"300", "1000"})
    void longNamesAreCutTo128(int length) {
        String name = BatchNames.jobName("uploads/" + "a".repeat(length) + ".jpg", "1a2b3c4d");
        assertEquals(128, name.length());
        assertTrue(name.endsWith("-1a2b3c4d"));
        assertTrue(BatchNames.JOB_NAME.matcher(name).matches());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "my-bucket.example|my-bucket.example",
                "a:b/c@d+e=f g_h|a:b/c@d+e=f g_h",
                "naïve 日本|naïve 日本",
                "semi;colon&amp|semi_colon_amp",
                "aws:reserved|_aws:reserved",
                "AWS:Reserved|_AWS:Reserved"
            })
    void tagValuesFollowTheTagRules(String in, String expected) {
        assertEquals(expected, BatchNames.tagValue(in));
    }

    @ParameterizedTest
    @CsvSource({"300"})
    void tagValuesAreCutTo256Characters(int n) {
        String v = BatchNames.tagValue("é".repeat(n));
        assertEquals(256, v.codePointCount(0, v.length()));
        assertFalse(v.contains("_"));
    }
}
