; TypeScript (.ts .mts .cts, and .d.ts declaration files).
; tsx.scm is this file with another header: keep the two in step.
;
; Yields:
; - classes and abstract classes (`declare class`, `const Foo = class {}`,
;   `export default class {}` as `default`); the range includes decorators,
;   `export` and `declare`;
; - methods (also abstract methods and overload/ambient signatures),
;   `constructor` (constructor), getters/setters (property), class fields
;   (field; a field holding an arrow function is a method);
; - interfaces with their property signatures (field) and method signatures
;   (method); type aliases (type), with the members of an object type
;   (`type P = { x: number; f(): void }`) as fields and methods;
; - enums (`enum`, `const enum`, `declare enum`) and their members;
; - namespaces: `namespace A.B {}`, `module M {}` and `declare module "m" {}`
;   (namespace kind, so their functions stay functions);
; - functions, generator functions, `declare function`/overload signatures,
;   `const f = () => ...` and `const f = function () {}` (functions, nested
;   under their function when local), `export default function () {}` as
;   `default`;
; - CommonJS in .ts: `exports.f = ...`, `module.exports.f = ...`,
;   `module.exports = { f() {} }` (functions), `Foo.prototype.m = function`;
; - methods of object literals bound to a top-level variable
;   (`const api = { get() {} }`) or exported with `export default { ... }`;
; - module- and namespace-level variables (`const`/`let`/`var`, also
;   `declare const`), `const` with an ALL_CAPS name as constant.  A
;   declaration with one declarator spans the whole statement
;   (`export declare const x: T;`), else each declarator spans itself.
;
; Details: variables show the declaration without its initializer
; (`export const config: Config`), functions and methods their signature.
;
; Left out: index/call/construct signatures (no name), constructor
; parameter properties (`constructor(private x)`; they sit inside the
; constructor, where fields are dropped as locals), destructuring
; declarations, locals, object-literal methods elsewhere (callback objects
; such as `subscribe({ next() {} })` are noise), `declare global {}` (no
; name; its members are listed), `export =` and re-exports, class static
; blocks.  Overload signatures are listed each (like ctags).
; Later patterns win over earlier ones for the same name and range.

; ---------------------------------------------------------------- classes

[
  (class_declaration name: (type_identifier) @name body: (class_body) @body)
  (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)
] @definition.class
[
  (export_statement
    declaration: [
      (class_declaration name: (type_identifier) @name body: (class_body) @body)
      (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)
    ])
  (ambient_declaration
    [
      (class_declaration name: (type_identifier) @name body: (class_body) @body)
      (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)
    ])
  (export_statement
    declaration: (ambient_declaration
      [
        (class_declaration name: (type_identifier) @name body: (class_body) @body)
        (abstract_class_declaration name: (type_identifier) @name body: (class_body) @body)
      ]))
] @definition.class
(export_statement "default" @name value: (class body: (class_body) @body)) @definition.class

; ------------------------------------------------------------ class members

(class_body
  [
    (method_definition name: (_) @name body: (statement_block) @body)
    (method_signature name: (_) @name)
    (abstract_method_signature name: (_) @name)
  ] @definition.method)
(class_body (method_definition "get" name: (_) @name body: (statement_block) @body) @definition.property)
(class_body (method_definition "set" name: (_) @name body: (statement_block) @body) @definition.property)
(class_body
  [
    (method_definition
      name: (property_identifier) @name (#eq? @name "constructor")
      body: (statement_block) @body)
    (method_signature name: (property_identifier) @name (#eq? @name "constructor"))
  ] @definition.constructor)

(public_field_definition name: (_) @name value: (_)? @body) @definition.field
(public_field_definition
  name: (_) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method

; ------------------------------------------------------------- interfaces

(interface_declaration name: (type_identifier) @name body: (interface_body) @body) @definition.interface
[
  (export_statement declaration: (interface_declaration name: (type_identifier) @name body: (interface_body) @body))
  (ambient_declaration (interface_declaration name: (type_identifier) @name body: (interface_body) @body))
  (export_statement
    declaration: (ambient_declaration
      (interface_declaration name: (type_identifier) @name body: (interface_body) @body)))
] @definition.interface

(interface_body (property_signature name: (_) @name) @definition.field)
(interface_body (method_signature name: (_) @name) @definition.method)

; ----------------------------------------------------------- type aliases

(type_alias_declaration name: (type_identifier) @name ";"? @body) @definition.type
[
  (export_statement declaration: (type_alias_declaration name: (type_identifier) @name ";"? @body))
  (ambient_declaration (type_alias_declaration name: (type_identifier) @name ";"? @body))
  (export_statement
    declaration: (ambient_declaration (type_alias_declaration name: (type_identifier) @name ";"? @body)))
] @definition.type
; an object type: leave its members out of the detail
(type_alias_declaration name: (type_identifier) @name value: (object_type) @body) @definition.type
[
  (export_statement
    declaration: (type_alias_declaration name: (type_identifier) @name value: (object_type) @body))
  (ambient_declaration (type_alias_declaration name: (type_identifier) @name value: (object_type) @body))
  (export_statement
    declaration: (ambient_declaration
      (type_alias_declaration name: (type_identifier) @name value: (object_type) @body)))
] @definition.type

(type_alias_declaration
  value: (object_type
    [
      (property_signature name: (_) @name) @definition.field
      (method_signature name: (_) @name) @definition.method
    ]))

; ------------------------------------------------------------------ enums

(enum_declaration name: (identifier) @name body: (enum_body) @body) @definition.enum
[
  (export_statement declaration: (enum_declaration name: (identifier) @name body: (enum_body) @body))
  (ambient_declaration (enum_declaration name: (identifier) @name body: (enum_body) @body))
  (export_statement
    declaration: (ambient_declaration (enum_declaration name: (identifier) @name body: (enum_body) @body)))
] @definition.enum

(enum_body name: (_) @name @definition.enum_member)
(enum_body (enum_assignment name: (_) @name) @definition.enum_member)

; ------------------------------------------------------------- namespaces

[
  (internal_module name: (_) @name body: (statement_block) @body)
  (module name: (_) @name body: (statement_block) @body)
] @definition.namespace
[
  (export_statement declaration: (internal_module name: (_) @name body: (statement_block) @body))
  (ambient_declaration
    [
      (internal_module name: (_) @name body: (statement_block) @body)
      (module name: (_) @name body: (statement_block) @body)
    ])
  (export_statement
    declaration: (ambient_declaration
      [
        (internal_module name: (_) @name body: (statement_block) @body)
        (module name: (_) @name body: (statement_block) @body)
      ]))
] @definition.namespace

; -------------------------------------------------------------- functions

[
  (function_declaration name: (identifier) @name body: (statement_block) @body)
  (generator_function_declaration name: (identifier) @name body: (statement_block) @body)
  (function_signature name: (identifier) @name ";"? @body)
] @definition.function
[
  (export_statement
    declaration: [
      (function_declaration name: (identifier) @name body: (statement_block) @body)
      (generator_function_declaration name: (identifier) @name body: (statement_block) @body)
      (function_signature name: (identifier) @name ";"? @body)
    ])
  (ambient_declaration (function_signature name: (identifier) @name ";"? @body))
  (export_statement
    declaration: (ambient_declaration (function_signature name: (identifier) @name ";"? @body)))
] @definition.function
(export_statement
  "default" @name
  value: [
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
    (arrow_function body: (_) @body)
  ]) @definition.function

; ---------------------------------------- module- and namespace-level variables

; several declarators: each declarator spans itself
(program [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ])
(export_statement declaration: [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ])
(ambient_declaration [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ])
(internal_module body: (statement_block [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ]))
(module body: (statement_block [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ]))
; one declarator: the whole statement
(program [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ] @definition.variable)
(internal_module body: (statement_block [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ] @definition.variable))
(module body: (statement_block [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ] @definition.variable))
[
  (export_statement declaration: [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ])
  (ambient_declaration [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ])
  (export_statement declaration: (ambient_declaration [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ]))
] @definition.variable
; no initializer: leave the semicolon out of the detail
(program [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ] @definition.variable)
(internal_module body: (statement_block [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ] @definition.variable))
(module body: (statement_block [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ] @definition.variable))
[
  (export_statement declaration: [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ])
  (ambient_declaration [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ])
  (export_statement declaration: (ambient_declaration [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ]))
] @definition.variable

; constants: `const` with an ALL_CAPS name
; several declarators: each declarator spans itself
(program (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) @definition.constant))
(export_statement declaration: (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) @definition.constant))
(ambient_declaration (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) @definition.constant))
(internal_module body: (statement_block (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) @definition.constant)))
(module body: (statement_block (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) @definition.constant)))
; one declarator: the whole statement
(program (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) .) @definition.constant)
(internal_module body: (statement_block (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) .) @definition.constant))
(module body: (statement_block (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) .) @definition.constant))
[
  (export_statement declaration: (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) .))
  (ambient_declaration (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) .))
  (export_statement declaration: (ambient_declaration (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") value: (_)? @body) .)))
] @definition.constant
; no initializer: leave the semicolon out of the detail
(program (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") !value) . ";" @body) @definition.constant)
(internal_module body: (statement_block (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") !value) . ";" @body) @definition.constant))
(module body: (statement_block (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") !value) . ";" @body) @definition.constant))
[
  (export_statement declaration: (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") !value) . ";" @body))
  (ambient_declaration (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") !value) . ";" @body))
  (export_statement declaration: (ambient_declaration (lexical_declaration kind: "const" . (variable_declarator name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$") !value) . ";" @body)))
] @definition.constant

; ------------------------- variables holding functions or classes (anywhere)

(variable_declarator
  name: (identifier) @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ]) @definition.function
[
  (lexical_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])
    .)
  (variable_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])
    .)
] @definition.function
(export_statement
  declaration: (lexical_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: [
        (arrow_function body: (_) @body)
        (function_expression body: (_) @body)
        (generator_function body: (_) @body)
      ])
    .)) @definition.function

(variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) @definition.class
[
  (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .)
  (variable_declaration
    . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .)
] @definition.class
(export_statement
  declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .)) @definition.class

; ------------------------------------ methods of top-level object literals
; const api = { get() {}, post: function () {}, put: (x) => x }

(program
  [
    (lexical_declaration (variable_declarator value: (object
      [
        (method_definition name: (_) @name body: (_) @body) @definition.method
        (pair
          key: (_) @name
          value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.method
      ])))
    (variable_declaration (variable_declarator value: (object
      [
        (method_definition name: (_) @name body: (_) @body) @definition.method
        (pair
          key: (_) @name
          value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.method
      ])))
  ])
(export_statement
  declaration: (lexical_declaration (variable_declarator value: (object
    [
      (method_definition name: (_) @name body: (_) @body) @definition.method
      (pair
        key: (_) @name
        value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.method
    ]))))

; export default { data() {}, f: function () {} }
(export_statement
  value: (object
    [
      (method_definition name: (_) @name body: (_) @body) @definition.function
      (pair
        key: (_) @name
        value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function
    ]))

; ------------------------------------------------------------- CommonJS

; Foo.m = function () {} (top level): a method of Foo
(program
  (expression_statement
    (assignment_expression
      left: (member_expression object: (identifier) @container property: (property_identifier) @name)
      right: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.method))

; Foo.prototype.m = function () {}
(assignment_expression
  left: (member_expression
    object: (member_expression
      object: (identifier) @container
      property: (property_identifier) @_prototype (#eq? @_prototype "prototype"))
    property: (property_identifier) @name)
  right: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.method

; exports.f = ..., module.exports.f = ...
(assignment_expression
  left: (member_expression
    object: (identifier) @_exports (#eq? @_exports "exports")
    property: (property_identifier) @name)
  right: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function
(assignment_expression
  left: (member_expression
    object: (member_expression
      object: (identifier) @_module (#eq? @_module "module")
      property: (property_identifier) @_exports (#eq? @_exports "exports"))
    property: (property_identifier) @name)
  right: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function

; module.exports = { f() {}, g: function () {} }
(assignment_expression
  left: (member_expression
    object: (identifier) @_module (#eq? @_module "module")
    property: (property_identifier) @_exports (#eq? @_exports "exports"))
  right: (object
    [
      (method_definition name: (_) @name body: (_) @body) @definition.function
      (pair
        key: (_) @name
        value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function
    ]))
