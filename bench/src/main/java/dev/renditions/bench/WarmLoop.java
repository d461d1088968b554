package dev.renditions.bench;

import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A warm in-process loop, as a backfill child runs it: each image is decoded once per iteration and every rendition
 * of the default spec is cut from it. The first {@code warmup} iterations are not counted.
 *
 * <p>Usage: {@code WarmLoop ITERATIONS WARMUP IMAGE...}; prints one line per image: {@code <file> <median ms>}.
 */
public final class WarmLoop {
    private WarmLoop() {}

    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        RenditionSpec spec = SpecParser.defaultSpec();
        Renderer renderer = new Renderer();
        List<String> files = Arrays.asList(args).subList(2, args.length);
        List<byte[]> bytes = new ArrayList<>();
        for (String f : files) {
            bytes.add(Files.readAllBytes(Path.of(f)));
        }
        double[][] times = new double[files.size()][iterations];
        for (int it = -warmup; it < iterations; it++) {
            for (int i = 0; i < files.size(); i++) {
                long t0 = System.nanoTime();
                renderer.render(ImageSource.of(files.get(i), bytes.get(i)), spec.limits(), spec.renditions());
                long t1 = System.nanoTime();
                if (it >= 0) {
                    times[i][it] = (t1 - t0) / 1e6;
                }
            }
        }
        for (int i = 0; i < files.size(); i++) {
            double[] t = times[i].clone();
            Arrays.sort(t);
            System.out.println(String.format(Locale.ROOT, "%s %.1f", files.get(i), t[t.length / 2]));
        }
    }
}
