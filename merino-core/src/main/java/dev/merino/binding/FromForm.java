package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a record parameter to an {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data} body: each record component is read from the form field of its
 * name and converted like a query parameter ({@code Optional}, {@code List}, {@code Set} and
 * {@link Default} on components included). A component of type {@link UploadedFile}
 * ({@code Optional<UploadedFile>}, {@code List<UploadedFile>}) receives the files uploaded under
 * its name, within the application's {@link UploadLimits}. Another {@code Content-Type} is
 * refused with 415; a missing or invalid field is reported in the 400 response's
 * {@code errors} with {@code "in": "body"}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromForm {
}
