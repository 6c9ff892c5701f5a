package io.dora.protocol;

/**
 * One entry of a request's {@code api} map: the API name and its parameter.
 *
 * @param <P> the parameter's representation: the caller's object when sending, a JSON tree when received
 * @param name the API name, such as {@code /module_a/abc}
 * @param param the parameter, bound to the handler's declared type on the provider
 */
public record ApiCall<P>(String name, P param) {

}
