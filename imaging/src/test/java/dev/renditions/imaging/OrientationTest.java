package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 400x200 image stored with a red block in its top-left corner, tagged with each EXIF orientation: after rendering
 * the block must be where that orientation puts the stored top-left corner, and the output must carry no EXIF.
 */
class OrientationTest {
    @ParameterizedTest(name = "orientation {0}: corner at {1}")
    @CsvSource({
        "1, top-left, 200, 100",
        "2, top-right, 200, 100",
        "3, bottom-right, 200, 100",
        "4, bottom-left, 200, 100",
        "5, top-left, 100, 200",
        "6, top-right, 100, 200",
        "7, bottom-right, 100, 200",
        "8, bottom-left, 100, 200",
    })
    void markedCornerLandsWhereTheOrientationSays(int orientation, String corner, int w, int h) {
        byte[] jpeg =
                TestImages.withExif(TestImages.encode(TestImages.markedCorner(400, 200), "jpeg"), orientation, false);
        Rendition r = Rendition.of("o", 200, 200, Fit.INSIDE);
        RenderResult res = new Renderer()
                .render(ImageSource.of("o.jpg", jpeg), Limits.DEFAULT, List.of(r))
                .get(0);
        assertEquals(w, res.width());
        assertEquals(h, res.height());
        BufferedImage out = TestImages.decode(res.bytes());
        int m = 6; // sample a few pixels inside each corner
        int[][] corners = {
            {m, m},
            {out.getWidth() - 1 - m, m},
            {out.getWidth() - 1 - m, out.getHeight() - 1 - m},
            {m, out.getHeight() - 1 - m}
        };
        String[] names = {"top-left", "top-right", "bottom-right", "bottom-left"};
        for (int i = 0; i < 4; i++) {
            int p = out.getRGB(corners[i][0], corners[i][1]);
            boolean red = ((p >> 16) & 0xFF) > 200 && ((p >> 8) & 0xFF) < 60;
            if (names[i].equals(corner)) {
                assertTrue(red, "red block expected at " + corner);
            } else {
                assertFalse(red, "no red block expected at " + names[i]);
            }
        }
        assertFalse(TestImages.jpegMarkers(res.bytes()).contains(0xE1), "output carries no EXIF orientation");
    }
}
