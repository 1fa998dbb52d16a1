/**
 * The control plane's REST edge on Netty: Lambda's {@code 2015-03-31} function API, the
 * reserved-concurrency operations ({@code 2017-10-31} Put/Delete, {@code 2019-09-30} Get) and the
 * {@code 2018-10-31} layer API. The Netty part is small
 * ({@link dev.lamina.service.http.HttpServer}, a size guard and a bounded aggregator, and
 * {@link dev.lamina.service.http.ApiChannelHandler}, which hands each request to a virtual thread); the rest is
 * Netty-free: {@link dev.lamina.service.http.ControlApiRoutes} matches a request to a
 * {@link dev.lamina.service.http.Route} of an {@link dev.lamina.service.http.Operation}, one thin handler per operation reads it into a command, calls the core
 * once and renders the result, and {@link dev.lamina.service.http.ErrorResponses} renders every error.
 */
package dev.lamina.service.http;
