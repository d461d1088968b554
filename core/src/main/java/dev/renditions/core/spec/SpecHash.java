package dev.renditions.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable content hashes of a spec and of a single rendition: the first 16 hex digits of the SHA-256 of a canonical
 * text form with every default filled in, so formatting, key order and omitted defaults never change a hash.
 *
 * <p>{@link #RENDERER_REVISION} is part of every hash: bump it when a change to the imaging code changes output
 * pixels, so that idempotent re-runs and {@code --only-missing} backfills re-render.
 */
public final class SpecHash {
    /** 2: JPEGs encoded by libjpeg directly (at some qualities, e.g. 85, its tables differ from ImageIO's by a step). */
    public static final int RENDERER_REVISION = 2;

    private SpecHash() {}

    public static String of(RenditionSpec spec) {
        StringBuilder sb = new StringBuilder("spec;v=")
                .append(spec.version())
                .append(";r=")
                .append(RENDERER_REVISION);
        for (Rendition r : spec.renditions()) {
            sb.append('\n').append(canonical(r));
        }
        Limits l = spec.limits();
        sb.append("\nlimits;px=")
                .append(l.maxPixels())
                .append(";bytes=")
                .append(l.maxBytes())
                .append(";dim=")
                .append(l.maxDimension());
        return sha(sb.toString());
    }

    public static String of(Rendition r) {
        return sha("rendition;r=" + RENDERER_REVISION + '\n' + canonical(r));
    }

    static String canonical(Rendition r) {
        return "name=" + r.name()
                + ";w=" + (r.width() == null ? "-" : r.width())
                + ";h=" + (r.height() == null ? "-" : r.height())
                + ";fit=" + r.fit().jsonName()
                + ";fmt=" + r.format().jsonName()
                + ";q=" + r.quality()
                + ";prog=" + r.progressive()
                + ";enl=" + r.enlarge()
                + ";bg=" + r.background();
    }

    private static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
