package dev.renditions.core.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The versioned rendition spec. The order of {@link #renditions()} is the AWS Batch array-index order: child
 * {@code i} renders rendition {@code i}.
 */
public record RenditionSpec(int version, List<Rendition> renditions, Limits limits) {
    public static final int CURRENT_VERSION = 1;
    /**
     * At most 1,000 renditions: every name goes into the dispatcher's "Renditions Requested" event, which EventBridge
     * caps at 256 KB (1,000 names of 32 characters take 35 KB; AWS Batch's own cap, 10,000 children, would not fit).
     */
    public static final int MAX_RENDITIONS = 1_000;

    public RenditionSpec {
        if (version != CURRENT_VERSION) {
            throw new SpecException("version", String.valueOf(CURRENT_VERSION), String.valueOf(version));
        }
        if (renditions == null || renditions.isEmpty()) {
            throw new SpecException("renditions", "a non-empty list", "an empty list");
        }
        if (renditions.size() > MAX_RENDITIONS) {
            throw new SpecException("renditions", "at most " + MAX_RENDITIONS + " entries", renditions.size() + "");
        }
        renditions = List.copyOf(renditions);
        Set<String> names = new HashSet<>();
        for (Rendition r : renditions) {
            if (!names.add(r.name())) {
                throw new SpecException("renditions[].name", "unique names", "'" + r.name() + "' twice");
            }
        }
        if (limits == null) {
            limits = Limits.DEFAULT;
        }
    }

    public Optional<Rendition> find(String name) {
        return renditions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public int indexOf(String name) {
        for (int i = 0; i < renditions.size(); i++) {
            if (renditions.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> names() {
        return renditions.stream().map(Rendition::name).toList();
    }

    /** Stable hash of the whole spec (renditions in order and limits); see {@link SpecHash}. */
    public String hash() {
        return SpecHash.of(this);
    }

    /** Stable hash of one rendition's definition: changes only when that rendition's pixels would. */
    public static String renditionHash(Rendition r) {
        return SpecHash.of(r);
    }

    public RenditionSpec withLimits(Limits l) {
        return new RenditionSpec(version, renditions, l);
    }
}
