package dev.renditions.worker.backfill;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of CSV as S3 Inventory and S3 Batch Operations write it: fields separated by commas, any field optionally
 * in double quotes (S3 Inventory quotes every field), a quote inside a quoted field doubled. Keys are URL-encoded in
 * both formats, so no field ever holds a line break.
 */
final class Csv {
    private Csv() {}

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException(
                                "unterminated quoted field in CSV line: " + abbreviate(line));
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote in CSV line: " + abbreviate(line));
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    f.append(line.charAt(i++));
                }
            }
            fields.add(f.toString());
            f.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
