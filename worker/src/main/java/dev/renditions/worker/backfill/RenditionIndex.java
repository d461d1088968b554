package dev.renditions.worker.backfill;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code --only-missing} knows about existing renditions, from one listing of the output prefix (no HEAD per
 * object): for every rendition folder ({@link OutputKeys#folder}), how many of the current spec's rendition files it
 * holds. A source is up to date when its folder holds all of them.
 *
 * <p>A listing carries no user metadata, so the index proves existence, not the rendition hash a file was made with.
 * A rendition added to the spec, or renamed, or given another format, has a new file name and is found missing. A
 * rendition whose definition changed under the same name is not: re-run without {@code --only-missing} (the worker
 * skips what is already up to date with a HEAD and its {@code rendition-hash}), or give {@code staleBefore} (the
 * time the spec changed), which counts rendition files last modified before it as missing.
 *
 * <p>Memory: one {@code long} per rendition folder (a 56-bit fingerprint of the folder key and an 8-bit count) in an
 * open-addressing table at most 70% full: about 12 to 23 bytes per source that has renditions, some 16 MB for a
 * million. Two folders whose fingerprints collide (odds about n²/2⁵⁷, 1 in 140,000 for a million folders) share a
 * count, which can at worst make one source look up to date.
 */
public final class RenditionIndex {
    /** Counts are 8 bits. */
    public static final int MAX_RENDITIONS = 255;

    private static final long COUNT_MASK = 0xFFL;
    private static final double MAX_LOAD = 0.7;

    private final String prefix;
    private final int required;
    private long[] table = new long[1024];
    private int size;
    private long files;
    private final MessageDigest sha;

    private RenditionIndex(String prefix, int required) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.required = required;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds the index from a listing of the output prefix.
     *
     * @param listing every object under {@code prefix} in the output bucket (consumed and closed)
     * @param staleBefore null, or: files last modified before this count as missing
     */
    public static RenditionIndex build(
            Stream<ObjectMeta> listing, String prefix, RenditionSpec spec, Instant staleBefore) {
        if (spec.renditions().size() > MAX_RENDITIONS) {
            throw new UsageException("--only-missing supports specs of at most " + MAX_RENDITIONS
                    + " renditions; this one has " + spec.renditions().size());
        }
        Set<String> fileNames =
                spec.renditions().stream().map(Rendition::fileName).collect(Collectors.toUnmodifiableSet());
        RenditionIndex index = new RenditionIndex(prefix, spec.renditions().size());
        try (listing) {
            for (Iterator<ObjectMeta> it = listing.iterator(); it.hasNext(); ) {
                ObjectMeta m = it.next();
                String key = m.location().key();
                int slash = key.lastIndexOf('/');
                if (slash < prefix.length() || !key.startsWith(prefix)) {
                    continue; // not inside a folder under the prefix
                }
                if (!fileNames.contains(key.substring(slash + 1))) {
                    continue; // not a rendition of the current spec
                }
                if (staleBefore != null
                        && m.lastModified() != null
                        && m.lastModified().isBefore(staleBefore)) {
                    continue;
                }
                index.add(key.substring(0, slash + 1));
            }
        }
        return index;
    }

    /** True when every rendition of the spec exists for {@code sourceKey}. */
    public boolean complete(String sourceKey) {
        return count(OutputKeys.folder(prefix, sourceKey)) >= required;
    }

    /** Folders that hold at least one current rendition file. */
    public int folders() {
        return size;
    }

    /** Rendition files counted. */
    public long files() {
        return files;
    }

    /** Slots of the table (for the memory bound). */
    int capacity() {
        return table.length;
    }

    int count(String folder) {
        long fp = fingerprint(folder);
        int mask = table.length - 1;
        for (int i = slot(fp, mask); ; i = (i + 1) & mask) {
            long e = table[i];
            if (e == 0) {
                return 0;
            }
            if ((e & ~COUNT_MASK) == fp) {
                return (int) (e & COUNT_MASK);
            }
        }
    }

    private void add(String folder) {
        files++;
        long fp = fingerprint(folder);
        int mask = table.length - 1;
        for (int i = slot(fp, mask); ; i = (i + 1) & mask) {
            long e = table[i];
            if (e == 0) {
                table[i] = fp | 1;
                if (++size > table.length * MAX_LOAD) {
                    grow();
                }
                return;
            }
            if ((e & ~COUNT_MASK) == fp) {
                if ((e & COUNT_MASK) < COUNT_MASK) {
                    table[i] = e + 1;
                }
                return;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long e : old) {
            if (e != 0) {
                int i = slot(e & ~COUNT_MASK, mask);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = e;
            }
        }
    }

    private static int slot(long fp, int mask) {
        return (int) (fp >>> 32 ^ fp >>> 8) & mask;
    }

    /** 56 bits of the SHA-256 of the folder, shifted left by 8 (room for the count); never 0. */
    private long fingerprint(String folder) {
        byte[] d = sha.digest(folder.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 7; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v == 0 ? 1L << 8 : v << 8;
    }
}
