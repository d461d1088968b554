package dev.renditions.imaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes of one source image, which can be opened more than once. The imaging code never sees where they come
 * from: callers adapt a file, a download or a byte array.
 */
public interface ImageSource {
    /** A fresh stream positioned at the first byte. */
    InputStream open() throws IOException;

    /** Size in bytes. */
    long size();

    /** Name for messages (a file name or URI). */
    String name();

    static ImageSource of(String name, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new ImageSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
