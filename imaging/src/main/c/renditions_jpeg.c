/*
 * Scaled JPEG decoding through the system's libjpeg(-turbo), for dev.renditions.imaging.NativeJpeg.
 *
 * libjpeg can decode at 1/2, 1/4 or 1/8 of the stored size by using only the low-frequency DCT coefficients: less work
 * than a full decode, and a proper low-pass reduction (no aliasing), which ImageIO's subsampling is not. Pixels come
 * back as 8-bit RGB (grey and YCbCr are converted by libjpeg; no ICC profile is applied: the caller manages colour).
 */
#include <jni.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

struct err_mgr {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int warnings;
    char warning[JMSG_LENGTH_MAX];
};

static void on_error(j_common_ptr cinfo) {
    struct err_mgr *err = (struct err_mgr *) cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

static void on_message(j_common_ptr cinfo, int level) {
    struct err_mgr *err = (struct err_mgr *) cinfo->err;
    if (level < 0) { /* a warning: corrupt data that libjpeg worked around */
        if (err->warnings++ == 0) {
            (*cinfo->err->format_message)(cinfo, err->warning);
        }
    }
}

static void throw_io(JNIEnv *env, const char *message) {
    jclass cls = (*env)->FindClass(env, "java/io/IOException");
    if (cls != NULL) {
        (*env)->ThrowNew(env, cls, message);
    }
}

/*
 * decode(byte[] jpeg, int length, int denominator, int[] info) -> byte[] rgb
 * info on return: [0] width, [1] height, [2] warnings, and the first warning is thrown away (see warningText).
 */
JNIEXPORT jbyteArray JNICALL Java_dev_renditions_imaging_NativeJpeg_decode(
        JNIEnv *env, jclass cls, jbyteArray data, jint length, jint denominator, jintArray info, jbyteArray warning) {
    struct jpeg_decompress_struct cinfo;
    struct err_mgr err;
    unsigned char *volatile src = NULL;
    unsigned char *volatile row = NULL;
    volatile jbyteArray out = NULL;
    (void) cls;

    memset(&cinfo, 0, sizeof(cinfo));
    memset(&err, 0, sizeof(err));
    src = (unsigned char *) malloc((size_t) length);
    if (src == NULL) {
        throw_io(env, "out of native memory for the JPEG data");
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, data, 0, length, (jbyte *) src);
    if ((*env)->ExceptionCheck(env)) {
        free((void *) src);
        return NULL;
    }

    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error;
    err.pub.emit_message = on_message;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free((void *) src);
        free((void *) row);
        if (!(*env)->ExceptionCheck(env)) {
            throw_io(env, err.message);
        }
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (unsigned char *) src, (unsigned long) length);
    jpeg_read_header(&cinfo, TRUE);
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned int) denominator;
    cinfo.out_color_space = JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    cinfo.do_fancy_upsampling = TRUE;
    jpeg_start_decompress(&cinfo);

    jsize w = (jsize) cinfo.output_width;
    jsize h = (jsize) cinfo.output_height;
    size_t stride = (size_t) w * 3;
    out = (*env)->NewByteArray(env, (jsize) (stride * (size_t) h));
    if (out == NULL) { /* OutOfMemoryError pending */
        jpeg_destroy_decompress(&cinfo);
        free((void *) src);
        return NULL;
    }
    row = (unsigned char *) malloc(stride);
    if (row == NULL) {
        jpeg_destroy_decompress(&cinfo);
        free((void *) src);
        throw_io(env, "out of native memory for a scanline");
        return NULL;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {(JSAMPROW) row};
        JDIMENSION y = cinfo.output_scanline;
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
            break;
        }
        (*env)->SetByteArrayRegion(env, out, (jsize) (y * stride), (jsize) stride, (jbyte *) row);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free((void *) row);
    free((void *) src);

    jint result[3] = {w, h, err.warnings};
    (*env)->SetIntArrayRegion(env, info, 0, 3, result);
    if (err.warnings > 0 && warning != NULL) {
        jsize n = (jsize) strlen(err.warning);
        jsize cap = (*env)->GetArrayLength(env, warning);
        (*env)->SetByteArrayRegion(env, warning, 0, n < cap ? n : cap, (jbyte *) err.warning);
    }
    return out;
}
