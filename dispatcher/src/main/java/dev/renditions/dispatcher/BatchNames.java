package dev.renditions.dispatcher;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Job names and tag values that AWS Batch accepts, derived from arbitrary S3 keys and bucket names. */
final class BatchNames {
    /** AWS Batch job names: 1 to 128 letters, digits, hyphens and underscores. */
    static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    static final int MAX_JOB_NAME = 128;
    static final int MAX_TAG_VALUE = 256;
    static final String JOB_NAME_PREFIX = "renditions-";

    private static final Pattern COMBINING = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9_-]+");
    private static final Pattern NOT_TAG = Pattern.compile("[^\\p{L}\\p{N} +\\-=._:/@]");

    private BatchNames() {}

    /**
     * {@code renditions-<file name of the key>-<hash>}, e.g. {@code renditions-cat_jpg-1a2b3c4d} for
     * {@code uploads/2024/cat.jpg}: accents are dropped, every other character outside {@code [A-Za-z0-9_-]} becomes
     * {@code _}, and the name is cut to 128 characters. The hash keeps names of different uploads apart.
     *
     * @param hash a few hex digits identifying the upload (bucket, key, version, spec)
     */
    static String jobName(String key, String hash) {
        String tail = key;
        int slash = tail.lastIndexOf('/');
        if (slash >= 0) {
            tail = tail.substring(slash + 1);
        }
        if (!tail.chars().allMatch(c -> c < 0x80)) { // the normalizer's tables cost ~20 ms to load: only when needed
            tail = COMBINING
                    .matcher(Normalizer.normalize(tail, Normalizer.Form.NFKD))
                    .replaceAll("");
        }
        tail = NOT_NAME.matcher(tail).replaceAll("_");
        tail = trim(tail, '_');
        if (tail.isEmpty()) {
            tail = "upload";
        }
        int room = MAX_JOB_NAME - JOB_NAME_PREFIX.length() - 1 - hash.length();
        if (tail.length() > room) {
            tail = trim(tail.substring(0, room), '_');
        }
        String name = JOB_NAME_PREFIX + tail + "-" + hash;
        if (!JOB_NAME.matcher(name).matches()) {
            throw new IllegalStateException("job name '" + name + "' does not satisfy " + JOB_NAME);
        }
        return name;
    }

    /**
     * A tag value Batch (and the services it propagates tags to) accepts: letters, digits, spaces and
     * {@code + - = . _ : / @}, at most 256 characters, never starting with {@code aws:}.
     */
    static String tagValue(String v) {
        String s = NOT_TAG.matcher(v).replaceAll("_");
        if (s.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            s = "_" + s;
        }
        if (s.codePointCount(0, s.length()) > MAX_TAG_VALUE) {
            s = s.substring(0, s.offsetByCodePoints(0, MAX_TAG_VALUE));
        }
        return s;
    }

    private static String trim(String s, char c) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == c) {
            a++;
        }
        while (b > a && s.charAt(b - 1) == c) {
            b--;
        }
        return s.substring(a, b);
    }
}
