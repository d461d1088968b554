package dev.renditions.core.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Encodings a rendition can be written in. */
public enum OutputFormat {
    JPEG("jpeg", "jpg", "image/jpeg"),
    PNG("png", "png", "image/png");

    private final String jsonName;
    private final String extension;
    private final String contentType;

    OutputFormat(String jsonName, String extension, String contentType) {
        this.jsonName = jsonName;
        this.extension = extension;
        this.contentType = contentType;
    }

    public String jsonName() {
        return jsonName;
    }

    /** File extension without the dot, used in output keys. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public boolean supportsAlpha() {
        return this == PNG;
    }

    public static OutputFormat parse(String s) {
        for (OutputFormat f : values()) {
            if (f.jsonName.equals(s)) {
                return f;
            }
        }
        return null;
    }

    public static String allowed() {
        return Arrays.stream(values()).map(OutputFormat::jsonName).collect(Collectors.joining(", "));
    }
}
