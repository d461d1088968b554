/*
 * JPEG decoding and encoding through the system's libjpeg(-turbo), for dev.renditions.imaging.NativeJpeg.
 *
 * Decoding: libjpeg can decode at M/8 of the stored size (M = 1..8) by running a smaller inverse DCT on each 8x8
 * block's low-frequency coefficients: less work than a full decode, and a proper low-pass reduction, which ImageIO's
 * subsampling is not. Pixels come back as 8-bit RGB (grey and YCbCr are converted by libjpeg; no ICC profile is
 * applied: the caller manages colour). The JPEG bytes are read and the pixels written in place, inside JNI critical
 * sections: nothing in them calls back into the JVM, and every exit, including libjpeg's error longjmp, releases them.
 *
 * Encoding: 8-bit RGB to a baseline (optimised Huffman) or progressive JPEG, 4:2:0, libjpeg's quality scaling, JFIF
 * APP0 as the only marker segment.
 */
#include <jni.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

struct err_mgr {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int warnings;
    char warning[JMSG_LENGTH_MAX];
    int data_missing; /* the entropy decoder needed more data than the file held: pixels are missing */
    int too_many_scans; /* the decode stopped at more than MAX_SCANS scans */
};

/*
 * At most this many scans per image (JpegScans.MAX_SCANS on the Java side): a progressive JPEG has about ten, and
 * each scan costs a pass over every coefficient, so thousands of empty scans make a small file decode for minutes.
 */
#define MAX_SCANS 500

/* Stops a decompression that reaches scan MAX_SCANS + 1; libjpeg calls it before consuming each piece of input. */
static void on_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor && ((j_decompress_ptr) cinfo)->input_scan_number > MAX_SCANS) {
        struct err_mgr *err = (struct err_mgr *) cinfo->err;
        err->too_many_scans = 1;
        snprintf(err->message, sizeof(err->message), "expected at most %d scans, found more", MAX_SCANS);
        longjmp(err->jump, 1);
    }
}

static void on_error(j_common_ptr cinfo) {
    struct err_mgr *err = (struct err_mgr *) cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

/* Called from inside critical sections: formats into the error struct, never touches the JVM. */
static void on_message(j_common_ptr cinfo, int level) {
    struct err_mgr *err = (struct err_mgr *) cinfo->err;
    if (level < 0) { /* a warning: corrupt data that libjpeg worked around */
        if (cinfo->err->msg_code == JWRN_HIT_MARKER) {
            err->data_missing = 1;
        } else if (cinfo->err->msg_code == JWRN_JPEG_EOF && cinfo->is_decompressor
                && ((j_decompress_ptr) cinfo)->arith_code) {
            /* the arithmetic decoder feeds zeros without a word when data runs out: any early end counts */
            err->data_missing = 1;
        }
        if (err->warnings++ == 0) {
            (*cinfo->err->format_message)(cinfo, err->warning);
        }
    }
}

/* Sets err up for one (de)compression; returns what its cinfo.err must point to. */
static struct jpeg_error_mgr *init_errors(struct err_mgr *err) {
    memset(err, 0, sizeof(*err));
    jpeg_std_error(&err->pub);
    err->pub.error_exit = on_error;
    err->pub.emit_message = on_message;
    return &err->pub;
}

#define IO_EXCEPTION "java/io/IOException"
#define SCAN_LIMIT_EXCEEDED "dev/renditions/imaging/NativeJpeg$ScanLimitExceeded"
#define OUT_OF_MEMORY "java/lang/OutOfMemoryError"

/* Throws a new exception of the class (a JNI class name); if it cannot be found, that error is what is pending. */
static void throw_new(JNIEnv *env, const char *class_name, const char *message) {
    jclass cls = (*env)->FindClass(env, class_name);
    if (cls != NULL) {
        (*env)->ThrowNew(env, cls, message);
    }
}

/* ------------------------------------------------------------------------------------------------- decoding */

/* Reads the header of jpeg[0..length) and sets up an M/8 RGB decode; the caller has set up the error longjmp. */
static void start_header(struct jpeg_decompress_struct *cinfo, const unsigned char *jpeg, jint length, jint scale) {
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, (unsigned char *) jpeg, (unsigned long) length);
    jpeg_read_header(cinfo, TRUE);
    cinfo->scale_num = (unsigned int) scale;
    cinfo->scale_denom = 8;
    cinfo->out_color_space = JCS_RGB;
    cinfo->dct_method = JDCT_ISLOW;
    cinfo->do_fancy_upsampling = TRUE;
}

/*
 * outputSize(byte[] jpeg, int length, int scale, int[] size): size = {width, height} of the image decoded at scale/8.
 * Throws IOException when the header cannot be read.
 */
JNIEXPORT void JNICALL Java_dev_renditions_imaging_NativeJpeg_outputSize(
        JNIEnv *env, jclass cls, jbyteArray data, jint length, jint scale, jintArray size) {
    struct jpeg_decompress_struct cinfo;
    struct err_mgr err;
    jint dims[2];
    (void) cls;

    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = init_errors(&err);
    unsigned char *jpeg = (unsigned char *) (*env)->GetPrimitiveArrayCritical(env, data, NULL);
    if (jpeg == NULL) {
        return; /* OutOfMemoryError pending */
    }
    /* critical section: no JNI calls until released */
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        (*env)->ReleasePrimitiveArrayCritical(env, data, jpeg, JNI_ABORT);
        throw_new(env, IO_EXCEPTION, err.message);
        return;
    }
    start_header(&cinfo, jpeg, length, scale);
    jpeg_calc_output_dimensions(&cinfo);
    dims[0] = (jint) cinfo.output_width;
    dims[1] = (jint) cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    (*env)->ReleasePrimitiveArrayCritical(env, data, jpeg, JNI_ABORT);
    /* end of critical section */
    (*env)->SetIntArrayRegion(env, size, 0, 2, dims);
}

/*
 * A progressive image whose scans did not bring every coefficient of every component to full precision: the file
 * ended before its last scans. libjpeg keeps, per component and coefficient, the successive-approximation bit still
 * owed (-1 while none was received, 0 once complete). Valid after jpeg_start_decompress, which reads the whole file
 * of a progressive image before the first scanline, and before jpeg_finish_decompress, which frees it.
 */
static int progressive_incomplete(struct jpeg_decompress_struct *cinfo) {
    if (!cinfo->progressive_mode || cinfo->coef_bits == NULL) {
        return 0;
    }
    for (int c = 0; c < cinfo->num_components; c++) {
        for (int k = 0; k < DCTSIZE2; k++) {
            if (cinfo->coef_bits[c][k] != 0) {
                return 1;
            }
        }
    }
    return 0;
}

/*
 * decode(byte[] jpeg, int length, int scale, byte[] rgb, int[] info, byte[] warning): decodes at scale/8 into rgb,
 * which must hold exactly width * height * 3 bytes of the size outputSize gave. info on return: [0] width,
 * [1] height, [2] number of warnings, [3] 1 when the data ended before the image did (scan data cut short, or a
 * progressive image missing scans), else 0: a file that only lacks its final EOI marker is complete. The first
 * warning's text goes to warning (NUL-terminated when it fits).
 */
JNIEXPORT void JNICALL Java_dev_renditions_imaging_NativeJpeg_decode(JNIEnv *env, jclass cls, jbyteArray data,
        jint length, jint scale, jbyteArray rgb, jintArray info, jbyteArray warning) {
    struct jpeg_decompress_struct cinfo;
    struct err_mgr err;
    struct jpeg_progress_mgr progress;
    jsize capacity = (*env)->GetArrayLength(env, rgb);
    jint result[4];
    int incomplete = 0;
    int mismatch = 0;
    (void) cls;

    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = init_errors(&err);
    unsigned char *jpeg = (unsigned char *) (*env)->GetPrimitiveArrayCritical(env, data, NULL);
    if (jpeg == NULL) {
        return;
    }
    unsigned char *out = (unsigned char *) (*env)->GetPrimitiveArrayCritical(env, rgb, NULL);
    if (out == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, data, jpeg, JNI_ABORT);
        return;
    }
    /* critical section: no JNI calls until both are released */
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        (*env)->ReleasePrimitiveArrayCritical(env, rgb, out, 0);
        (*env)->ReleasePrimitiveArrayCritical(env, data, jpeg, JNI_ABORT);
        throw_new(env, err.too_many_scans ? SCAN_LIMIT_EXCEEDED : IO_EXCEPTION, err.message);
        return;
    }
    start_header(&cinfo, jpeg, length, scale);
    memset(&progress, 0, sizeof(progress));
    progress.progress_monitor = on_progress;
    cinfo.progress = &progress;
    jpeg_calc_output_dimensions(&cinfo);
    size_t stride = (size_t) cinfo.output_width * 3;
    if (cinfo.output_components != 3 || stride * cinfo.output_height != (size_t) capacity) {
        mismatch = 1;
    } else {
        jpeg_start_decompress(&cinfo);
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW rows[16];
            JDIMENSION y = cinfo.output_scanline;
            JDIMENSION n = cinfo.output_height - y < 16 ? cinfo.output_height - y : 16;
            for (JDIMENSION i = 0; i < n; i++) {
                rows[i] = (JSAMPROW) (out + (size_t) (y + i) * stride);
            }
            if (jpeg_read_scanlines(&cinfo, rows, n) == 0) {
                break; /* cannot happen with a memory source */
            }
        }
        incomplete = progressive_incomplete(&cinfo);
        jpeg_finish_decompress(&cinfo);
    }
    result[0] = (jint) cinfo.output_width;
    result[1] = (jint) cinfo.output_height;
    result[2] = err.warnings;
    result[3] = err.data_missing || incomplete;
    jpeg_destroy_decompress(&cinfo);
    (*env)->ReleasePrimitiveArrayCritical(env, rgb, out, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, data, jpeg, JNI_ABORT);
    /* end of critical section */
    if (mismatch) {
        throw_new(env, IO_EXCEPTION, "output array does not match the decoded size");
        return;
    }
    (*env)->SetIntArrayRegion(env, info, 0, 4, result);
    if (err.warnings > 0 && warning != NULL) {
        jsize n = (jsize) strlen(err.warning);
        jsize cap = (*env)->GetArrayLength(env, warning);
        (*env)->SetByteArrayRegion(env, warning, 0, n < cap ? n : cap, (jbyte *) err.warning);
    }
}

/* ------------------------------------------------------------------------------------------------- encoding */

/* A growable malloc'd output buffer that this file owns (so that the error path knows what to free). */
struct dest_mgr {
    struct jpeg_destination_mgr pub;
    unsigned char *buf;
    size_t capacity;
};

static void dest_init(j_compress_ptr cinfo) {
    struct dest_mgr *d = (struct dest_mgr *) cinfo->dest;
    d->pub.next_output_byte = d->buf;
    d->pub.free_in_buffer = d->capacity;
}

static boolean dest_grow(j_compress_ptr cinfo) {
    struct dest_mgr *d = (struct dest_mgr *) cinfo->dest;
    size_t used = d->capacity; /* libjpeg calls this only when the buffer is full */
    size_t grown = d->capacity * 2;
    unsigned char *b = (unsigned char *) realloc(d->buf, grown);
    if (b == NULL) {
        ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 99);
    }
    d->buf = b;
    d->capacity = grown;
    d->pub.next_output_byte = b + used;
    d->pub.free_in_buffer = grown - used;
    return TRUE;
}

static void dest_term(j_compress_ptr cinfo) {
    (void) cinfo;
}

/*
 * encode(byte[] rgb, int width, int height, int quality, boolean progressive) -> byte[] jpeg
 * rgb holds width * height * 3 bytes, rows top to bottom. The same pixels and settings always give the same bytes.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_renditions_imaging_NativeJpeg_encode(JNIEnv *env, jclass cls, jbyteArray rgb,
        jint width, jint height, jint quality, jboolean progressive) {
    struct jpeg_compress_struct cinfo;
    struct err_mgr err;
    struct dest_mgr *volatile dest = NULL; /* on the heap: its fields change between setjmp and longjmp */
    enum { STRIP = 16 };
    size_t stride = (size_t) width * 3;
    unsigned char *volatile strip = NULL;
    jbyteArray result;
    (void) cls;

    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = init_errors(&err);
    if ((jlong) (*env)->GetArrayLength(env, rgb) != (jlong) stride * height) {
        throw_new(env, IO_EXCEPTION, "pixel array does not match the image size");
        return NULL;
    }
    dest = (struct dest_mgr *) calloc(1, sizeof(struct dest_mgr));
    strip = (unsigned char *) malloc(stride * STRIP);
    if (dest != NULL) {
        dest->capacity = stride * (size_t) height / 8 + 4096;
        dest->buf = (unsigned char *) malloc(dest->capacity);
    }
    if (dest == NULL || dest->buf == NULL || strip == NULL) {
        if (dest != NULL) {
            free(dest->buf);
        }
        free(dest);
        free((void *) strip);
        throw_new(env, OUT_OF_MEMORY, "out of native memory for JPEG encoding");
        return NULL;
    }
    dest->pub.init_destination = dest_init;
    dest->pub.empty_output_buffer = dest_grow;
    dest->pub.term_destination = dest_term;

    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(dest->buf); /* dest_grow keeps buf valid: a failed realloc leaves the old block */
        free(dest);
        free((void *) strip);
        if (!(*env)->ExceptionCheck(env)) {
            throw_new(env, IO_EXCEPTION, err.message);
        }
        return NULL;
    }
    jpeg_create_compress(&cinfo);
    cinfo.dest = &dest->pub;
    cinfo.image_width = (JDIMENSION) width;
    cinfo.image_height = (JDIMENSION) height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo); /* YCbCr, 2x2 luma / 1x1 chroma sampling, JFIF APP0, ISLOW DCT */
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (progressive) {
        jpeg_simple_progression(&cinfo);
    } else {
        cinfo.optimize_coding = TRUE;
    }
    cinfo.write_JFIF_header = TRUE;
    cinfo.write_Adobe_marker = FALSE;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[STRIP];
        JDIMENSION y = cinfo.next_scanline;
        JDIMENSION n = cinfo.image_height - y < STRIP ? cinfo.image_height - y : STRIP;
        (*env)->GetByteArrayRegion(env, rgb, (jsize) (y * stride), (jsize) (n * stride), (jbyte *) strip);
        if ((*env)->ExceptionCheck(env)) {
            longjmp(err.jump, 1);
        }
        for (JDIMENSION i = 0; i < n; i++) {
            rows[i] = (JSAMPROW) (strip + i * stride);
        }
        jpeg_write_scanlines(&cinfo, rows, n);
    }
    jpeg_finish_compress(&cinfo);
    size_t size = dest->capacity - dest->pub.free_in_buffer;
    jpeg_destroy_compress(&cinfo);
    free((void *) strip);

    result = (*env)->NewByteArray(env, (jsize) size);
    if (result != NULL) {
        (*env)->SetByteArrayRegion(env, result, 0, (jsize) size, (jbyte *) dest->buf);
    }
    free(dest->buf);
    free(dest);
    return result;
}
