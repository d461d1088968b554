package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSourceTest {
    /** A source whose stream hands out at most 1000 bytes a read and whose size() may be wrong. */
    private static ImageSource source(byte[] bytes, long claimedSize) {
        return new ImageSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, 1000));
                    }
                };
            }

            @Override
            public long size() {
                return claimedSize;
            }

            @Override
            public String name() {
                return "s";
            }
        };
    }

    @ParameterizedTest(name = "{0} bytes, size() says {1}")
    @CsvSource({"200000, 200000", "200000, 150000", "200000, 250000", "0, 0", "10, -1", "70000, 65536"})
    void readsEveryByteAndOnlyThoseWhateverSizeSays(int actual, long claimed) throws Exception {
        byte[] bytes = new byte[actual];
        new Random(actual).nextBytes(bytes);
        assertArrayEquals(bytes, source(bytes, claimed).readAllBytes());
    }

    @org.junit.jupiter.api.Test
    void byteArraySourceHandsOutItsArray() throws Exception {
        byte[] bytes = {1, 2, 3};
        assertSame(bytes, ImageSource.of("b", bytes).readAllBytes());
    }
}
