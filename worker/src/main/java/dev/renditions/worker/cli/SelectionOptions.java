package dev.renditions.worker.cli;

import dev.renditions.worker.render.Selector;
import picocli.CommandLine.Option;

/** {@code --rendition NAME | --index N | --all}, mutually exclusive; none = the AWS Batch array index. */
public final class SelectionOptions {
    @Option(names = "--rendition", paramLabel = "NAME", description = "Render the rendition with this name.")
    String name;

    @Option(
            names = "--index",
            paramLabel = "N",
            description = "Render the rendition at this 0-based position in the spec.")
    Integer index;

    @Option(
            names = "--all",
            description = "Render every rendition of the spec (the source is decoded once). Implied by --manifest.")
    boolean all;

    /** The selector for these options; {@code options} is null when none of them was given. */
    static Selector selector(SelectionOptions options) {
        if (options == null) {
            return new Selector.FromEnvironment();
        }
        if (options.name != null) {
            return new Selector.ByName(options.name);
        }
        if (options.index != null) {
            return new Selector.ByIndex(options.index);
        }
        if (options.all) {
            return new Selector.All();
        }
        return new Selector.FromEnvironment();
    }
}
