package dev.lamina.protocol.extensions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of a successful {@code POST /extension/register} (contract §2).
 *
 * @param accountId present only when the extension sent {@code Lambda-Extension-Accept-Feature: accountId}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"functionName", "functionVersion", "handler", "accountId"})
public record RegisterResponse(String functionName, String functionVersion, String handler, String accountId) {}
