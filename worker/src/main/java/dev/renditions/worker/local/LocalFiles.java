package dev.renditions.worker.local;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Classifies local file errors the way S3 errors are classified: missing input 3, access and layout 2, rest 1. */
final class LocalFiles {
    private LocalFiles() {}

    static RenditionException sourceError(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(InvalidInputException.SOURCE_MISSING, "source file not found: " + path, e);
        }
        if (e instanceof AccessDeniedException) {
            return new UsageException(
                    UsageException.ACCESS_DENIED, "cannot read source " + path + ": permission denied", e);
        }
        return new TransientException(
                TransientException.IO_ERROR, "cannot read source " + path + ": " + describe(e), e);
    }

    static RenditionException outputError(Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new UsageException(UsageException.ACCESS_DENIED, "cannot write " + path + ": permission denied", e);
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return notAFolder(path, e);
        }
        return new TransientException(TransientException.IO_ERROR, "cannot write " + path + ": " + describe(e), e);
    }

    static RenditionException notAFolder(Path path, IOException e) {
        return new UsageException(
                UsageException.BAD_USAGE, "cannot write the output: " + path + " is a file, expected a folder", e);
    }

    private static String describe(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getClass().getSimpleName() + " " + reason;
    }
}
