package dev.renditions.core.probe;

/** The colour model stored in the file. */
public enum ColorKind {
    GRAY,
    RGB,
    /** JPEG's usual 3-component encoding of RGB. */
    YCBCR,
    PALETTE,
    CMYK,
    /** JPEG's 4-component Adobe transform 2 encoding of CMYK. */
    YCCK,
    UNKNOWN;

    public boolean isCmyk() {
        return this == CMYK || this == YCCK;
    }
}
