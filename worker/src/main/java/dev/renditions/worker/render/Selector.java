package dev.renditions.worker.render;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.worker.WorkerEnv;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which renditions of the spec one run renders: by name, by index, all of them, or (no flag) the AWS Batch array
 * index, falling back to the only rendition of a one-rendition spec.
 */
public sealed interface Selector {
    record ByName(String name) implements Selector {}

    record ByIndex(int index) implements Selector {}

    record All() implements Selector {}

    /** No flag given: {@code AWS_BATCH_JOB_ARRAY_INDEX}, else the spec's only rendition. */
    record FromEnvironment() implements Selector {}

    /** The selected renditions in spec order. Throws {@link UsageException} (exit 2) when the choice is not valid. */
    default List<Rendition> select(RenditionSpec spec, WorkerEnv env) {
        List<Rendition> all = spec.renditions();
        if (this instanceof ByName n) {
            return spec.find(n.name())
                    .map(List::of)
                    .orElseThrow(() -> new UsageException("--rendition '" + n.name()
                            + "' is not in the spec: expected one of " + String.join(", ", spec.names())));
        }
        if (this instanceof ByIndex i) {
            return List.of(at(spec, i.index(), "--index " + i.index()));
        }
        if (this instanceof All) {
            return all;
        }
        OptionalInt fromEnv = env.arrayIndex();
        if (fromEnv.isPresent()) {
            int i = fromEnv.getAsInt();
            return List.of(at(spec, i, WorkerEnv.AWS_BATCH_JOB_ARRAY_INDEX + "=" + i));
        }
        if (all.size() == 1) {
            return all;
        }
        throw new UsageException("no rendition selected: the spec has " + all.size() + " renditions (" + choices(spec)
                + "); choose one with --rendition NAME or --index N, all with --all, or set "
                + WorkerEnv.AWS_BATCH_JOB_ARRAY_INDEX);
    }

    private static Rendition at(RenditionSpec spec, int index, String given) {
        int n = spec.renditions().size();
        if (index < 0 || index >= n) {
            throw new UsageException(given + " is outside the spec: expected an index from 0 to " + (n - 1) + " ("
                    + choices(spec) + ")");
        }
        return spec.renditions().get(index);
    }

    /** {@code 0 thumb, 1 web, 2 large}. */
    static String choices(RenditionSpec spec) {
        List<String> names = spec.names();
        return IntStream.range(0, names.size())
                .mapToObj(i -> i + " " + names.get(i))
                .collect(Collectors.joining(", "));
    }
}
