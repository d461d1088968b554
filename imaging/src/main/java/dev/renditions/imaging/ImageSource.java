package dev.renditions.imaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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

    /**
     * All the bytes, in an array of exactly their length. The caller must not modify the array: an implementation
     * may hand out one it keeps. The default reads {@link #open()} into an array of {@link #size()} bytes, and still
     * returns every byte, and only those, when the size turns out wrong.
     */
    default byte[] readAllBytes() throws IOException {
        long expected = size();
        try (InputStream in = open()) {
            if (expected < 0 || expected > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[(int) expected];
            // In 64 KiB slices: a file stream copies each read through a native buffer of the read's size, and a fresh
            // buffer of megabytes costs more in page faults than the copy itself.
            int slice = 64 << 10;
            int n = 0;
            while (n < bytes.length) {
                int r = in.read(bytes, n, Math.min(slice, bytes.length - n));
                if (r < 0) {
                    return Arrays.copyOf(bytes, n);
                }
                n += r;
            }
            int next = in.read();
            if (next < 0) {
                return bytes;
            }
            byte[] rest = in.readAllBytes();
            byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
            all[bytes.length] = (byte) next;
            System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
            return all;
        }
    }

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

            @Override
            public byte[] readAllBytes() {
                return bytes;
            }
        };
    }
}
