package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the resampler's output bit for bit: SHA-256 of resizes of generated rasters, recorded from the implementation
 * before the speed work (commit c574688). Any change to weights, rounding, clamping, premultiplied handling, pass
 * order or the box shrink changes a hash.
 */
class ResamplerGoldenTest {

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3}x{4}")
    @CsvSource({
        // the full-size camera shape (no box shrink, ~11 taps) and the shapes after a DCT-domain M/8 decode
        "4608, 3456, 3, 2560, 1920, 0eac760cb377d98086a71f79ad3d8e9a78450a6e862fd2243a6bdd44b8c720c4",
        "2880, 2160, 3, 2560, 1920, 4efd09a615940d471d5e850b3a34891398b0764fc3de8f48d8a0cda935a77792",
        "1728, 1296, 3, 1280, 960, eddad84b0d9bb0a0b4994bb623f968a27ce11bd0410ddc9735a33ae7eca4d8f0",
        "576, 432, 3, 427, 320, 19c23abef6353ef66a46b0025f8abd9e3f500d38322ab5641d2d7349eadf87c8",
        "2880, 2160, 4, 2560, 1920, fcf46f194e02942169151d42bfc1c72882e22775d00ba81ed9c6a6f20b1f3e92",
        "1728, 1296, 4, 1280, 960, 4f97764d0040ca0d6825d25bee701dbad382e7e19c1e104940fe8c73ff229fd3",
        "576, 432, 4, 427, 320, d19dba833fdea66d32cd1ec9aa4eaca6feb2e0b5800670e4c747aaea67405080",
        "1152, 864, 4, 640, 480, e085307d0384834e82378729cfad08720cd1433ad17358c31d59913afb09f15f",
        "4608, 3456, 4, 2560, 1920, 55ca4023bcb4d8f9295cf4852e273139c5bb0f83493b97632363d13d063bf1d4",
        "2560, 1920, 3, 1280, 960, ccd2fb6ac3ae79e7399524d2d231528842525cb19c5357daee013d4ef920db8d",
        // box shrink then Lanczos, including remainders dropped at the right and bottom
        "4608, 3456, 3, 320, 240, 5eeb0feacc647934300f6233cd5196618670bb9346f82ad5f239c6776f4a3994",
        "4608, 3456, 4, 427, 320, f7284dcf29331f755b1e1a6ef9bda299e8f5fd8845ce3437e4fc13f0a712de78",
        "1280, 960, 3, 320, 240, c092c65797f1745659fcbba6eb6d912f25e2b011e45e9fa0502a3d532495766c",
        "1003, 701, 3, 100, 70, 687760091d3d030dde3914887408df2bfc553f44aa32d1107e65e361621ad576",
        "1003, 701, 4, 100, 70, 249209b4eff66908ae724e0479d36a585dd5718137e017dc9c35efca9e108912",
        "997, 1501, 3, 61, 333, 132704c2c056e38e412eea93c6f49c40040b51a74f1283d0b7d9a23dbfbd08f8",
        "801, 37, 4, 13, 5, b5b7ad8f1d53dc616b99e0e334e322b0c0bf9919df899d9b2f4d69bb703dd020",
        // one axis only, odd sizes
        "641, 479, 3, 641, 301, a728c3ec6a231e25bb84832463f86cd6de5d325c3289d722eb4b1cf3874efbcf",
        "641, 479, 4, 333, 479, 0a9226438525a8dc34396fd76da8cab993baf923af37530d31a1d023facb5eaa",
        "333, 777, 3, 332, 776, a715a9713b968c7a48051b874f7b7cfe87f1bd2a6e906cdd09b98e8d9856961f",
        // upscaling, and up on one axis while down on the other
        "100, 75, 3, 333, 250, 20189d8353c6fa777584372eff2d9c766874b313283e75d247dd63a273583d04",
        "100, 75, 4, 333, 250, 89d896cc1f0540ae6b85a4d84232db657551019fad5ddbb2fc327068ba8164e1",
        "301, 203, 3, 150, 405, ce7bbf7a34dc9f1f1ae1b359cd11dc8ccfd9883023888ef3556290adda73950e",
        "301, 203, 4, 602, 101, e81d662797c062dee2b24a4e6306ebaf1fa4a2be7c43d54f1794c039af7e8ed4",
        // 1-pixel-wide and 1-pixel-tall
        "1, 500, 3, 1, 37, eca7e822b0038417ea47abfa2b6b07a3a86dd3cfff90c894b00f63844aa844c5",
        "500, 1, 4, 37, 1, 92c84ecd84aed2246061b63abd065336e948cd118d05186943b716c0487b7934",
        "1, 1, 3, 5, 3, 14c0cee3669b4ea3f7ecc1ab0fa6c45a312906d2c90802750197c6453b4b92c9",
        "1, 1, 4, 3, 5, 5dcc1b5872dd9ff1c234501f1fefda01f664164e1583c3e1bb3dbea47588ab31",
        "7, 3, 3, 1, 1, 9117241810f6d731de274b9351d69b0a2bec244a79db537043e14d333ddcf444",
        "7, 3, 4, 1, 1, df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119",
        "2, 2, 3, 1, 1, db8535ffc705d974d7e81556fa9347cfc1dd9b5c3c0fcf188b771eb1693ffdb8",
        "3, 64, 4, 1, 2, 3c7a952079abf4be63125b54521276304356296bef90dd50d8e568f5d998e7c6",
        "64, 3, 3, 2, 1, 5767fad72639e30aeb345eadca90124888f206ff4d30913d60478357e1b13559",
        "5, 5, 3, 4, 4, b4720e7c0bfeafe6164cfb61ed51c963f047bdc0080d62d0e8420c0bdbe29322",
    })
    void matchesTheRecordedOutput(int w, int h, int c, int ow, int oh, String expected) {
        Raster8 src = generate(w, h, c, w * 31 + h * 7 + c);
        Raster8 out = Resampler.resize(src, ow, oh);
        assertEquals(ow, out.width);
        assertEquals(oh, out.height);
        assertEquals(c, out.channels);
        assertEquals(expected, sha256(out.data));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3}x{4}")
    @CsvSource({
        "1728, 1296, 3, 1280, 960",
        "1152, 864, 4, 640, 480",
        "1003, 701, 3, 100, 70",
        "641, 479, 4, 641, 301",
        "641, 479, 3, 333, 479",
        "301, 203, 3, 150, 405",
    })
    void doesNotDependOnTheThreadCount(int w, int h, int c, int ow, int oh) {
        Raster8 src = generate(w, h, c, 99);
        byte[] one = Resampler.resize(src, ow, oh, 1).data;
        for (int threads : new int[] {2, 3, 7}) {
            assertArrayEquals(one, Resampler.resize(src, ow, oh, threads).data, threads + " threads");
        }
    }

    @Test
    void sameSizeIsTheSourceItself() {
        Raster8 src = generate(33, 17, 3, 1);
        assertSame(src, Resampler.resize(src, 33, 17));
    }

    /**
     * Deterministic content that exercises the clamp: bands of white noise, hard 0/255 stripes (Lanczos rings past
     * both ends) and smooth gradients; for 4 channels premultiplied colour (colour <= alpha) with transparent holes.
     */
    static Raster8 generate(int w, int h, int c, long seed) {
        byte[] d = new byte[w * h * c];
        long s = seed * 0x9E3779B97F4A7C15L + 1;
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                int kind = ((x / 37) + (y / 29)) % 3;
                int a = 255;
                if (c == 4) {
                    int zone = ((x / 23) * 5 + (y / 19) * 3) % 4;
                    a = zone == 0 ? 0 : zone == 1 ? (int) ((s >>> 40) & 0xFF) : 255;
                }
                for (int ch = 0; ch < 3; ch++) {
                    int v;
                    if (kind == 0) {
                        v = (int) ((s >>> (8 * ch)) & 0xFF);
                    } else if (kind == 1) {
                        v = ((x + ch) / 2 + y) % 2 == 0 ? 0 : 255;
                    } else {
                        v = (x * 255 / Math.max(1, w - 1) + y * (ch + 1)) & 0xFF;
                    }
                    d[i++] = (byte) (c == 4 ? v * a / 255 : v);
                }
                if (c == 4) {
                    d[i++] = (byte) a;
                }
            }
        }
        return new Raster8(w, h, c, d);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
