/** Rule packs: the declarative YAML that says, per rule, which calls are sinks, where contexts start, and which helpers are sanctioned deferrals. */
package dev.kreach.rules.pack;
