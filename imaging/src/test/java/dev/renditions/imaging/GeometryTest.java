package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Rendition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeometryTest {
    @ParameterizedTest(name = "{0}x{1} into {2}x{3} {4} enlarge={5} -> {6}x{7}")
    @CsvSource({
        // source, box, fit, enlarge, expected output
        "4640, 3480, 320, 320, cover, false, 320, 320",
        "4640, 3480, 1280, 1280, inside, false, 1280, 960",
        "3480, 4640, 1280, 1280, inside, false, 960, 1280",
        "1000, 333, 320, 320, inside, false, 320, 107", // 106.56 rounds to 107
        "1000, 333, 320, 320, contain, false, 320, 320",
        "1000, 333, 320, 320, fill, false, 320, 320",
        "1000, 333, 320, 320, cover, false, 320, 320",
        "200, 100, 320, 320, inside, false, 200, 100", // never upscale
        "200, 100, 320, 320, inside, true, 320, 160",
        "200, 100, 320, 320, cover, false, 200, 100", // cropped to at most the box, not scaled up
        "200, 100, 320, 320, cover, true, 320, 320",
        "200, 100, 320, 320, contain, false, 320, 320", // padded to the box
        "200, 100, 320, 320, fill, false, 200, 100",
        "200, 100, 320, 320, fill, true, 320, 320",
        "1, 10000, 320, 320, inside, false, 1, 320", // never below 1 pixel
        "10000, 1, 320, 320, cover, false, 320, 1",
    })
    void outputSizePerFit(int sw, int sh, int bw, int bh, String fit, boolean enlarge, int ew, int eh) {
        Rendition r = Rendition.of("r", bw, bh, Fit.parse(fit)).withEnlarge(enlarge);
        Geometry g = Geometry.plan(sw, sh, r);
        assertEquals(ew, g.outW(), "width");
        assertEquals(eh, g.outH(), "height");
    }

    @ParameterizedTest
    @CsvSource({"4640, 3480, 1280, , 1280, 960", "4640, 3480, , 500, 667, 500"})
    void oneSideOnly(int sw, int sh, Integer bw, Integer bh, int ew, int eh) {
        Geometry g = Geometry.plan(sw, sh, Rendition.of("r", bw, bh, null));
        assertEquals(ew, g.outW());
        assertEquals(eh, g.outH());
    }

    @ParameterizedTest
    @CsvSource({"1000, 500, 300, 300, 300, 300, 150, 0", "500, 1000, 300, 300, 300, 300, 0, 150"})
    void coverCropsTheCentre(int sw, int sh, int bw, int bh, int ew, int eh, int cropX, int cropY) {
        Geometry g = Geometry.plan(sw, sh, Rendition.of("r", bw, bh, Fit.COVER));
        assertEquals(ew, g.outW());
        assertEquals(eh, g.outH());
        assertEquals(cropX, g.cropX());
        assertEquals(cropY, g.cropY());
    }

    @ParameterizedTest
    @CsvSource({"1000, 500, 300, 300, 0, 75", "500, 1000, 300, 300, 75, 0"})
    void containCentresOnTheCanvas(int sw, int sh, int bw, int bh, int padX, int padY) {
        Geometry g = Geometry.plan(sw, sh, Rendition.of("r", bw, bh, Fit.CONTAIN));
        assertEquals(padX, g.padX());
        assertEquals(padY, g.padY());
    }
}
