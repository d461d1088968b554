package dev.renditions.worker;

import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.RenderEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A render engine for CLI tests that do not need pixels: reads the whole source (so a missing one fails like the real
 * engine), and "renders" each rendition as the bytes {@code <name>:<source size>} at its box size.
 */
public final class FakeEngine implements RenderEngine {
    public final List<List<String>> calls = new ArrayList<>();

    @Override
    public List<RenderResult> render(ImageSource source, Limits limits, List<Rendition> renditions) {
        long n;
        try (InputStream in = source.open()) {
            n = in.readAllBytes().length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.add(renditions.stream().map(Rendition::name).toList());
        List<RenderResult> out = new ArrayList<>();
        for (Rendition r : renditions) {
            int w = r.width() != null ? r.width() : r.height();
            int h = r.height() != null ? r.height() : r.width();
            out.add(new RenderResult(r, (r.name() + ":" + n).getBytes(StandardCharsets.UTF_8), w, h));
        }
        return out;
    }
}
