package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.probe.HeaderProbe;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ICC_ProfileRGB;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SrgbProfileCheckTest {
    private static final int RXYZ = 0x7258595A; // 'rXYZ'
    private static final int GTRC = 0x67545243; // 'gTRC'

    /** Every ICC profile the test corpus has, by where it came from. */
    private static Map<String, byte[]> profiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("camera-srgb.icc", TestImages.resource("camera-srgb.icc"));
        m.put("JDK sRGB", ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        m.put(
                "JDK linear RGB",
                ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
        m.put("JDK grey", ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData());
        for (String image : new String[] {
            "icc-adobergb-canon7d.jpg", "progressive-big-icc.jpg", "ycck-swop-icc.jpg", "webp-adobergb-icc.webp"
        }) {
            byte[] bytes = TestImages.resource(image);
            var icc = HeaderProbe.probe(bytes, true).icc();
            if (icc != null) {
                m.put(image, icc.data());
            }
        }
        return m;
    }

    @Test
    void theReferenceColorantsAreTheJdksSrgb() {
        float[][] jdk = ((ICC_ProfileRGB) ICC_Profile.getInstance(ColorSpace.CS_sRGB)).getMatrix();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // the two tolerances differ by 0.0005: the constants must be closer than that
                assertEquals(jdk[i][j], SrgbProfileCheck.SRGB_D50[i][j], 0.0004, "matrix[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void neverDisagreesWithTheColourEngine() {
        int recognised = 0;
        for (Map.Entry<String, byte[]> e : profiles().entrySet()) {
            if (SrgbProfileCheck.isSrgbCopy(e.getValue())) {
                recognised++;
                assertTrue(
                        ColorManagement.isSrgbEquivalent(ColorManagement.parse(e.getValue())),
                        e.getKey() + ": recognised as sRGB without the colour engine, which disagrees");
            }
        }
        assertTrue(recognised >= 2, "the camera and JDK sRGB profiles at least");
    }

    @Test
    void recognisesTheCameraCopyOfSrgb() {
        assertTrue(SrgbProfileCheck.isSrgbCopy(TestImages.resource("camera-srgb.icc")));
        assertTrue(SrgbProfileCheck.isSrgbCopy(
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
    }

    @Test
    void otherProfilesAreLeftToTheColourEngine() {
        Map<String, byte[]> all = profiles();
        assertFalse(SrgbProfileCheck.isSrgbCopy(all.get("icc-adobergb-canon7d.jpg")), "Adobe RGB");
        assertFalse(SrgbProfileCheck.isSrgbCopy(all.get("JDK linear RGB")), "linear curves");
        assertFalse(SrgbProfileCheck.isSrgbCopy(all.get("JDK grey")), "not RGB");
        assertFalse(SrgbProfileCheck.isSrgbCopy(all.get("ycck-swop-icc.jpg")), "CMYK");
    }

    @Test
    void aShiftedColorantOrCurveIsNotSrgb() {
        byte[] camera = TestImages.resource("camera-srgb.icc");
        byte[] colorant = camera.clone();
        int x = dataOffset(colorant, RXYZ) + 8;
        putU32(colorant, x, u32(colorant, x) + (int) (0.01 * 65536)); // red X + 0.01
        assertFalse(SrgbProfileCheck.isSrgbCopy(colorant));
        assertFalse(ColorManagement.isSrgbEquivalent(ColorManagement.parse(colorant)), "the engine agrees");

        byte[] curve = camera.clone();
        int at = dataOffset(curve, GTRC);
        int n = u32(curve, at + 8);
        int mid = at + 12 + 2 * (n / 2);
        int v = ((curve[mid] & 0xFF) << 8 | (curve[mid + 1] & 0xFF)) + 1500; // about 2.3% brighter mid-tones
        curve[mid] = (byte) (v >> 8);
        curve[mid + 1] = (byte) v;
        assertFalse(SrgbProfileCheck.isSrgbCopy(curve));
    }

    @Test
    void malformedProfilesAreNotRecognised() {
        byte[] camera = TestImages.resource("camera-srgb.icc");
        assertFalse(SrgbProfileCheck.isSrgbCopy(new byte[0]));
        assertFalse(SrgbProfileCheck.isSrgbCopy(Arrays.copyOf(camera, 200)), "truncated");
        for (int cut = 132; cut < camera.length; cut += 97) {
            byte[] b = Arrays.copyOf(camera, cut);
            putU32(b, 0, cut); // a consistent size field, but tags pointing past the end
            assertFalse(SrgbProfileCheck.isSrgbCopy(b), "cut at " + cut);
        }
        byte[] badOffset = camera.clone();
        putU32(badOffset, 132 + 4, Integer.MAX_VALUE); // the first tag's offset
        SrgbProfileCheck.isSrgbCopy(badOffset); // no exception, whatever the answer
        byte[] manyTags = camera.clone();
        putU32(manyTags, 128, Integer.MAX_VALUE);
        assertFalse(SrgbProfileCheck.isSrgbCopy(manyTags));
    }

    private static int dataOffset(byte[] p, int signature) {
        int count = u32(p, 128);
        for (int i = 0; i < count; i++) {
            if (u32(p, 132 + 12 * i) == signature) {
                return u32(p, 132 + 12 * i + 4);
            }
        }
        throw new AssertionError("no tag " + Integer.toHexString(signature));
    }

    private static int u32(byte[] p, int i) {
        return ((p[i] & 0xFF) << 24) | ((p[i + 1] & 0xFF) << 16) | ((p[i + 2] & 0xFF) << 8) | (p[i + 3] & 0xFF);
    }

    private static void putU32(byte[] p, int i, int v) {
        p[i] = (byte) (v >>> 24);
        p[i + 1] = (byte) (v >>> 16);
        p[i + 2] = (byte) (v >>> 8);
        p[i + 3] = (byte) v;
    }
}
