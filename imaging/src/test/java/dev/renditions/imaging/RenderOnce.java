package dev.renditions.imaging;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Renders one cover thumbnail of a file in a fresh JVM (PNG when the output ends in .png), for tests that need one. */
public final class RenderOnce {
    private RenderOnce() {}

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        byte[] bytes = Files.readAllBytes(in);
        Rendition r = Rendition.of("thumb", size, size, Fit.COVER);
        if (args[2].endsWith(".png")) {
            r = r.withFormat(OutputFormat.PNG);
        }
        RenderResult res = new Renderer()
                .render(ImageSource.of(in.toString(), bytes), Limits.DEFAULT, List.of(r))
                .get(0);
        Files.write(Path.of(args[2]), res.bytes());
        System.out.println(res.width() + "x" + res.height());
    }
}
