package io.dora.autoconfigure.naming;

import org.springframework.stereotype.Component;

/** An application class named as an application would name it; its bean is {@code doraServer}. */
@Component
public class DoraServer {

}
