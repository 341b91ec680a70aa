; TypeScript (.ts .mts .cts, and .d.ts declaration files).
; tsx.scm is this file with another header: keep the two in step.
;
; Yields:
; - classes and abstract classes (also `declare class`, `const Foo = class
;   {}`, and `export default class {}` named `default`);
; - methods (also abstract methods, overload and ambient signatures, and
;   shorthand methods of object literals), `constructor` (constructor),
;   getters/setters (property), class fields (field; a field holding an
;   arrow function is a method);
; - interfaces with their property signatures (field), method signatures
;   (method) and construct signatures (constructor `new`, also in object
;   types such as `declare var Foo: { new (): Foo }`); type aliases (type),
;   with the members of an object type (`type P = { x: number; f(): void }`)
;   as fields and methods;
; - enums (`enum`, `const enum`, `declare enum`) and their members;
; - namespaces: `namespace A.B {}`, `module M {}`, `declare module "m" {}`
;   (namespace kind, so the functions inside stay functions);
; - functions, generator functions, `declare function` and overload
;   signatures (each listed, like ctags), `const f = () => ...` and
;   `const f = function () {}` (nested under their function when local),
;   `export default function () {}` named `default`;
; - module- and namespace-level variables (`const`/`let`/`var`, also
;   `declare const`; an ALL_CAPS name is a constant) and the properties of
;   an object bound to one (`export const api = { base: "/v1", get: (url) =>
;   ... } as const`: fields, methods when they hold a function);
; - the functions of `export default { ... }`.
;
; Ranges: `export`, `declare` and decorators belong to the definition
; (`export default class`, `@Component() export class`); a function or class
; bound by a one-declarator `const` spans the whole statement; a plain
; variable spans its declarator (`x: T = 1`, as tsserver does).
; Details: the definition up to its body or initializer
; (`export function load(path: string): Promise<Index>`,
; `export const f = async (x: number)`, `config: Config`, `type Alias<T>`).
;
; Left out: index and call signatures (no name); constructor parameter
; properties (`constructor(private x)`: they sit inside the constructor,
; where fields are dropped as locals); destructuring declarations; locals;
; functions bound by a several-declarator statement (variables then);
; properties of objects not bound to a module-level variable (callback
; objects such as `subscribe({ next: (v) => ... })` are noise) and of nested
; objects; `declare global {}` (no name; its members are listed); `export =`,
; re-exports and imports; class static blocks; CommonJS assignments
; (`exports.f = ...`: javascript.scm has them; rare in TypeScript, and
; costly to compile).
;
; Performance: most patterns are rooted at the definition node or at a
; wrapper whose first child they anchor (`.`), so match states die early.
; A state rooted at `program` lives through the whole file: the module-level
; variables share two such patterns, whose alternatives sit one level down
; (alternatives at the root fork a state each and cost as much as separate
; patterns).
; Property keys: identifiers, numbers, computed names, and strings without
; their quotes (`"Content-Type": ...` is named Content-Type).
; Later patterns win over earlier ones for the same name and range.

; ---------------------------------------------------------------- classes

(class_declaration name: (type_identifier) @name body: (class_body) @body) @definition.class
(abstract_class_declaration name: (type_identifier) @name body: (class_body) @body) @definition.class
(export_statement
  . declaration: (class_declaration name: (type_identifier) @name body: (class_body) @body)) @definition.class
(export_statement
  . declaration: (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)) @definition.class
; @Component({...}) export class C {}
(export_statement
  . (decorator)
  declaration: (class_declaration name: (type_identifier) @name body: (class_body) @body)) @definition.class
(export_statement
  . (decorator)
  declaration: (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)) @definition.class
(ambient_declaration
  . (class_declaration name: (type_identifier) @name body: (class_body) @body)) @definition.class
(ambient_declaration
  . (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)) @definition.class
(export_statement
  . declaration: (ambient_declaration
    . (class_declaration name: (type_identifier) @name body: (class_body) @body))) @definition.class
(export_statement
  . declaration: (ambient_declaration
    . (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body))) @definition.class
(export_statement "default" @name value: (class body: (class_body) @body)) @definition.class

; ------------------------------------------------------------ class members

(method_definition name: (_) @name body: (statement_block) @body) @definition.method
(class_body (method_signature name: (_) @name) @definition.method)
(abstract_method_signature name: (_) @name) @definition.method
(method_definition "get" name: (_) @name body: (statement_block) @body) @definition.property
(method_definition "set" name: (_) @name body: (statement_block) @body) @definition.property
(method_definition
  name: (property_identifier) @name (#eq? @name "constructor")
  body: (statement_block) @body) @definition.constructor
(method_signature name: (property_identifier) @name (#eq? @name "constructor")) @definition.constructor

(public_field_definition name: (_) @name "="? @body) @definition.field
(public_field_definition name: (_) @name value: (arrow_function body: (_) @body)) @definition.method
(public_field_definition name: (_) @name value: (function_expression body: (_) @body)) @definition.method

; ------------------------------------------------------------- interfaces

(interface_declaration name: (type_identifier) @name body: (interface_body) @body) @definition.interface
(export_statement
  . declaration: (interface_declaration
    name: (type_identifier) @name body: (interface_body) @body)) @definition.interface
(ambient_declaration
  . (interface_declaration name: (type_identifier) @name body: (interface_body) @body)) @definition.interface
(export_statement
  . declaration: (ambient_declaration
    . (interface_declaration name: (type_identifier) @name body: (interface_body) @body))) @definition.interface

(interface_body
  (property_signature
    name: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
  ) @definition.field)
(interface_body (method_signature name: (_) @name) @definition.method)
; new (x: T): Foo, in interfaces and object types (`declare var Foo: { new (): Foo }`)
(construct_signature "new" @name) @definition.constructor

; ----------------------------------------------------------- type aliases

(type_alias_declaration name: (type_identifier) @name value: (_) @body) @definition.type
(export_statement
  . declaration: (type_alias_declaration name: (type_identifier) @name value: (_) @body)) @definition.type
(ambient_declaration
  . (type_alias_declaration name: (type_identifier) @name value: (_) @body)) @definition.type
(export_statement
  . declaration: (ambient_declaration
    . (type_alias_declaration name: (type_identifier) @name value: (_) @body))) @definition.type

; (anchored so that the match state dies at once on other aliases)
(type_alias_declaration
  name: (_)
  .
  value: (object_type
    (property_signature
      name: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
    ) @definition.field))
(type_alias_declaration
  name: (_) . value: (object_type (method_signature name: (_) @name) @definition.method))
(type_alias_declaration
  type_parameters: (_)
  .
  value: (object_type
    (property_signature
      name: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
    ) @definition.field))
(type_alias_declaration
  type_parameters: (_) . value: (object_type (method_signature name: (_) @name) @definition.method))

; ------------------------------------------------------------------ enums

(enum_declaration name: (identifier) @name body: (enum_body) @body) @definition.enum
(export_statement
  . declaration: (enum_declaration name: (identifier) @name body: (enum_body) @body)) @definition.enum
(ambient_declaration
  . (enum_declaration name: (identifier) @name body: (enum_body) @body)) @definition.enum
(export_statement
  . declaration: (ambient_declaration
    . (enum_declaration name: (identifier) @name body: (enum_body) @body))) @definition.enum

(enum_body name: (property_identifier) @name @definition.enum_member)
(enum_body name: (string (string_fragment) @name) @definition.enum_member)
(enum_assignment name: [(property_identifier) @name (string (string_fragment) @name)]) @definition.enum_member

; ------------------------------------------------------------- namespaces

(internal_module name: (_) @name body: (statement_block) @body) @definition.namespace
(module name: (_) @name body: (statement_block) @body) @definition.namespace
(export_statement
  . declaration: (internal_module name: (_) @name body: (statement_block) @body)) @definition.namespace
(ambient_declaration
  . (internal_module name: (_) @name body: (statement_block) @body)) @definition.namespace
(ambient_declaration
  . (module name: (_) @name body: (statement_block) @body)) @definition.namespace
(export_statement
  . declaration: (ambient_declaration
    . (internal_module name: (_) @name body: (statement_block) @body))) @definition.namespace

; -------------------------------------------------------------- functions

(function_declaration name: (identifier) @name body: (statement_block) @body) @definition.function
(generator_function_declaration name: (identifier) @name body: (statement_block) @body) @definition.function
(function_signature name: (identifier) @name ";"? @body) @definition.function
(export_statement
  . declaration: (function_declaration name: (identifier) @name body: (statement_block) @body)) @definition.function
(export_statement
  . declaration: (generator_function_declaration
    name: (identifier) @name body: (statement_block) @body)) @definition.function
(export_statement
  . declaration: (function_signature name: (identifier) @name ";"? @body)) @definition.function
(ambient_declaration
  . (function_signature name: (identifier) @name ";"? @body)) @definition.function
(export_statement
  . declaration: (ambient_declaration
    . (function_signature name: (identifier) @name ";"? @body))) @definition.function
(export_statement "default" @name value: (function_expression body: (_) @body)) @definition.function
(export_statement "default" @name value: (generator_function body: (_) @body)) @definition.function
(export_statement "default" @name value: (arrow_function body: (_) @body)) @definition.function

; ---------------------------------------- module- and namespace-level variables
; Module level and exported: two patterns each, with their alternatives one
; level down.  The second wins over the first on the same definition: a
; constant over a variable, a method over a field.

(program
  (_ [
    ; const x = 1, let y, var z (the `_` is the declaration)
    (variable_declarator name: (identifier) @name "="? @body) @definition.variable
    ; properties of an object bound to a variable: const config = { port: 80, retry },
    ; also `{ ... } as const` and `{ ... } satisfies T`
    (variable_declarator
      value: [
        (object
          [
            (pair
              key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
              value: (_) @body)
            (shorthand_property_identifier) @name
          ] @definition.field)
        (as_expression
          . (object
            [
              (pair
                key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
                value: (_) @body)
              (shorthand_property_identifier) @name
            ] @definition.field))
        (satisfies_expression
          . (object
            [
              (pair
                key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
                value: (_) @body)
              (shorthand_property_identifier) @name
            ] @definition.field))
      ])
  ]))
(program
  (_ [
    ; an ALL_CAPS name: a constant
    (variable_declarator
      name: (identifier) @name @_constant (#match? @_constant "^_*[A-Z][A-Z0-9_]*$")
      "="? @body) @definition.constant
    ; const api = { get: (url) => fetch(url), post: function (u) {} }
    (variable_declarator
      value: [
        (object
          (pair
            key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
            value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method)
        (as_expression
          . (object
            (pair
              key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
              value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
        (satisfies_expression
          . (object
            (pair
              key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
              value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
      ])
  ]))
(export_statement
  . declaration: (_ [
    ; const x = 1, let y, var z (the `_` is the declaration)
    (variable_declarator name: (identifier) @name "="? @body) @definition.variable
    ; properties of an object bound to a variable: const config = { port: 80, retry },
    ; also `{ ... } as const` and `{ ... } satisfies T`
    (variable_declarator
      value: [
        (object
          [
            (pair
              key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
              value: (_) @body)
            (shorthand_property_identifier) @name
          ] @definition.field)
        (as_expression
          . (object
            [
              (pair
                key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
                value: (_) @body)
              (shorthand_property_identifier) @name
            ] @definition.field))
        (satisfies_expression
          . (object
            [
              (pair
                key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
                value: (_) @body)
              (shorthand_property_identifier) @name
            ] @definition.field))
      ])
  ]))
(export_statement
  . declaration: (_ [
    ; an ALL_CAPS name: a constant
    (variable_declarator
      name: (identifier) @name @_constant (#match? @_constant "^_*[A-Z][A-Z0-9_]*$")
      "="? @body) @definition.constant
    ; const api = { get: (url) => fetch(url), post: function (u) {} }
    (variable_declarator
      value: [
        (object
          (pair
            key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
            value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method)
        (as_expression
          . (object
            (pair
              key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
              value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
        (satisfies_expression
          . (object
            (pair
              key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
              value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
      ])
  ]))
; declare const x: T; export declare var y: U;
(ambient_declaration . (_ (variable_declarator name: (identifier) @name) @definition.variable))
(ambient_declaration
  . (_
    (variable_declarator
      name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")) @definition.constant))
; inside namespaces (exported ones are covered above)
(internal_module
  body: (statement_block (_ (variable_declarator name: (identifier) @name "="? @body) @definition.variable)))
(internal_module
  body: (statement_block
    (_
      (variable_declarator
        name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")
        "="? @body) @definition.constant)))
(module
  body: (statement_block (_ (variable_declarator name: (identifier) @name "="? @body) @definition.variable)))
(module
  body: (statement_block
    (_
      (variable_declarator
        name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")
        "="? @body) @definition.constant)))

; ------------------------------ variables bound to functions or classes

; One declarator: the whole statement is the definition.  With several
; (`const a = () => 1, b = 2`) they are plain variables.

(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (arrow_function body: (_) @body)) .) @definition.function
(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (function_expression body: (_) @body)) .) @definition.function
(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (generator_function body: (_) @body)) .) @definition.function
(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .) @definition.class
(variable_declaration
  . (variable_declarator name: (identifier) @name value: (arrow_function body: (_) @body)) .) @definition.function
(variable_declaration
  . (variable_declarator name: (identifier) @name value: (function_expression body: (_) @body)) .) @definition.function
(export_statement
  . declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (arrow_function body: (_) @body)) .)) @definition.function
(export_statement
  . declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (function_expression body: (_) @body)) .)) @definition.function
(export_statement
  . declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .)) @definition.class

; ------------------------------------------------------- export default {}

; export default { data() {}, f: function () {} }: the module's functions
(export_statement
  . value: (object (method_definition name: (_) @name body: (_) @body) @definition.function))
(export_statement
  . value: (object
    (pair
      key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
      value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function))
