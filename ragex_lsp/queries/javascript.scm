; JavaScript (and JSX: .js .mjs .cjs .jsx).
;
; Yields:
; - classes (declarations, `const Foo = class {}`, `export default class {}`
;   as `default`); the range includes decorators and `export`;
; - methods, `constructor` (constructor), getters/setters (property),
;   class fields (field; a field holding an arrow function is a method);
; - functions and generator functions, `const f = () => ...` and
;   `const f = function () {}` (functions, nested under their function when
;   local), `export default function () {}` as `default`;
; - CommonJS: `module.exports.f = function`, `exports.f = () => ...` and the
;   methods of `module.exports = { f() {}, g: function () {} }` (functions);
;   `Foo.prototype.m = function` (method in Foo), top-level
;   `Foo.m = function` (method in Foo);
; - methods of object literals bound to a top-level variable
;   (`const api = { get() {} }`) or exported with `export default { ... }`;
; - top-level variables (`const`/`let`/`var`), `const` with an ALL_CAPS name
;   as constant.  A declaration with one declarator spans the whole
;   statement (`export const x = 1;`), else each declarator spans itself.
;
; Details: variables show the declaration without its initializer
; (`const config`), functions their signature (`const f = async (x)`).
;
; Left out: destructuring declarations (`const { a, b } = x`), locals,
; object-literal methods elsewhere (callback objects such as
; `subscribe({ next() {} })` are noise), `this.x = ...` assignments,
; class static blocks, `export { a as b }` re-exports.
; Later patterns win over earlier ones for the same name and range.

; ---------------------------------------------------------------- classes

(class_declaration name: (identifier) @name body: (class_body) @body) @definition.class
(export_statement
  declaration: (class_declaration name: (identifier) @name body: (class_body) @body)) @definition.class
(export_statement "default" @name value: (class body: (class_body) @body)) @definition.class

; ------------------------------------------------------------ class members

(class_body (method_definition name: (_) @name body: (statement_block) @body) @definition.method)
(class_body (method_definition "get" name: (_) @name body: (statement_block) @body) @definition.property)
(class_body (method_definition "set" name: (_) @name body: (statement_block) @body) @definition.property)
(class_body
  (method_definition
    name: (property_identifier) @name (#eq? @name "constructor")
    body: (statement_block) @body) @definition.constructor)

(field_definition property: (_) @name value: (_)? @body) @definition.field
(field_definition
  property: (_) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method

; -------------------------------------------------------------- functions

(function_declaration name: (identifier) @name body: (statement_block) @body) @definition.function
(generator_function_declaration name: (identifier) @name body: (statement_block) @body) @definition.function
(export_statement
  declaration: [
    (function_declaration name: (identifier) @name body: (statement_block) @body)
    (generator_function_declaration name: (identifier) @name body: (statement_block) @body)
  ]) @definition.function
(export_statement
  "default" @name
  value: [
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
    (arrow_function body: (_) @body)
  ]) @definition.function

; --------------------------------------------------- top-level variables
; several declarators: each declarator is a symbol

(program
  [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ])
(export_statement
  declaration: [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @body) @definition.variable)
  ])

; one declarator: the whole statement
(program
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ] @definition.variable)
(export_statement
  declaration: [
    (lexical_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
    (variable_declaration . (variable_declarator name: (identifier) @name value: (_)? @body) .)
  ]) @definition.variable

; `let x;`: leave the semicolon out of the detail
(program
  [
    (lexical_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
    (variable_declaration . (variable_declarator name: (identifier) @name !value) . ";" @body)
  ] @definition.variable)

; constants: `const` with an ALL_CAPS name
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")
      value: (_)? @body) @definition.constant))
(export_statement
  declaration: (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")
      value: (_)? @body) @definition.constant))
(program
  (lexical_declaration
    kind: "const"
    .
    (variable_declarator
      name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")
      value: (_)? @body)
    .) @definition.constant)
(export_statement
  declaration: (lexical_declaration
    kind: "const"
    .
    (variable_declarator
      name: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")
      value: (_)? @body)
    .)) @definition.constant

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
