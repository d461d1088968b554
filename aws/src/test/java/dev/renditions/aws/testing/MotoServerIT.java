package dev.renditions.aws.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.Bucket;

@ExtendWith(MotoExtension.class)
class MotoServerIT {
    @Test
    void oneServerPerJvmOnLoopback(MotoServer moto) {
        assertSame(MotoServer.get(), moto);
        assertEquals("127.0.0.1", moto.endpoint().getHost());
        assertEquals(moto.endpoint().toString(), moto.env().get("AWS_ENDPOINT_URL"));
    }

    @Test
    void resetDeletesEverything(MotoServer moto) {
        moto.s3().createBucket(b -> b.bucket("to-be-reset"));
        moto.reset();
        assertEquals(
                List.of(),
                moto.s3().listBuckets().buckets().stream().map(Bucket::name).toList());
    }

    /** The env map is what a child process (the worker, the AWS CLI, boto3) needs to reach this moto. */
    @Test
    void envReachesMotoFromAChildProcess(MotoServer moto) throws Exception {
        moto.s3().createBucket(b -> b.bucket("seen-by-child"));
        ProcessBuilder pb = new ProcessBuilder(
                        System.getenv().getOrDefault("MOTO_PYTHON", "python3"),
                        "-c",
                        "import boto3; print(','.join(b['Name'] for b in boto3.client('s3').list_buckets()['Buckets']))")
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(moto.env());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("seen-by-child")), out);
    }
}
