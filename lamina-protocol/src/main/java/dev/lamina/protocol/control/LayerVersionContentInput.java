package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** PublishLayerVersion's {@code Content}: a base64 {@code ZipFile}, or an S3 location (which Lamina refuses). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LayerVersionContentInput(
        @JsonProperty("S3Bucket") String s3Bucket,
        @JsonProperty("S3Key") String s3Key,
        @JsonProperty("S3ObjectVersion") String s3ObjectVersion,
        @JsonProperty("ZipFile") String zipFile) {}
