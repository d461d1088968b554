package dev.renditions.bench;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.RenderResult;
import dev.renditions.imaging.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The floor of a fresh JVM process per rendition: one rendition rendered by the imaging library called straight from
 * {@code main}, with none of the worker around it (no command line, no spec file or hash, no freshness check, no
 * events). The benchmark times it as a whole process beside the worker's own run, so the part of a child's time that
 * the worker's own code adds can be read off.
 *
 * <p>Usage: {@code ImagingOnly SOURCE OUTPUT BOX FIT QUALITY}, e.g. {@code ImagingOnly in.jpg out.jpg 320 cover 80}:
 * a progressive JPEG inside (or covering) a BOX x BOX square.
 */
public final class ImagingOnly {
    private ImagingOnly() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ImagingOnly SOURCE OUTPUT BOX FIT QUALITY");
            System.exit(2);
        }
        int box = Integer.parseInt(args[2]);
        Rendition rendition = new Rendition(
                "r",
                box,
                box,
                Fit.parse(args[3]),
                OutputFormat.JPEG,
                Integer.parseInt(args[4]),
                true,
                false,
                "#ffffff");
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        List<RenderResult> results =
                new Renderer().render(ImageSource.of(args[0], bytes), Limits.DEFAULT, List.of(rendition));
        Files.write(Path.of(args[1]), results.get(0).bytes());
    }
}
