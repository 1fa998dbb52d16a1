package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of PublishLayerVersion, {@code POST /2018-10-31/layers/{LayerName}/versions} (§6.4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublishLayerVersionRequest(
        @JsonProperty("Description") String description,
        @JsonProperty("Content") LayerVersionContentInput content,
        @JsonProperty("CompatibleRuntimes") List<String> compatibleRuntimes,
        @JsonProperty("LicenseInfo") String licenseInfo,
        @JsonProperty("CompatibleArchitectures") List<String> compatibleArchitectures) {}
