package dev.renditions.core.probe;

/**
 * Formats recognised by their magic bytes. {@link #supported()} tells whether the worker can decode it; the others are
 * recognised only to say clearly what was found.
 */
public enum ImageFormat {
    JPEG("JPEG", "image/jpeg", true),
    PNG("PNG", "image/png", true),
    GIF("GIF", "image/gif", true),
    BMP("BMP", "image/bmp", true),
    TIFF("TIFF", "image/tiff", true),
    WEBP("WebP", "image/webp", true),
    PSD("PSD", "image/vnd.adobe.photoshop", true),
    HEIF("HEIF/HEIC", "image/heic", false),
    AVIF("AVIF", "image/avif", false),
    JPEG_XL("JPEG XL", "image/jxl", false),
    JPEG_2000("JPEG 2000", "image/jp2", false),
    ICO("ICO", "image/vnd.microsoft.icon", false),
    SVG("SVG", "image/svg+xml", false),
    PDF("PDF", "application/pdf", false),
    ZIP("ZIP", "application/zip", false),
    TEXT("text", "text/plain", false),
    UNKNOWN("unknown", "application/octet-stream", false);

    private final String displayName;
    private final String mimeType;
    private final boolean supported;

    ImageFormat(String displayName, String mimeType, boolean supported) {
        this.displayName = displayName;
        this.mimeType = mimeType;
        this.supported = supported;
    }

    public String displayName() {
        return displayName;
    }

    public String mimeType() {
        return mimeType;
    }

    public boolean supported() {
        return supported;
    }

    /** Human list of the supported formats, for error messages. */
    public static String supportedList() {
        return "JPEG, PNG, GIF, BMP, TIFF, WebP, PSD";
    }
}
