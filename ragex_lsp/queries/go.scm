; Go: the package clause (package), functions, methods (container = the
; receiver's bare type: `*Server[T]` -> Server), structs and their fields
; (embedded fields are named by their type), interfaces and their methods,
; other named types and aliases (type), top-level constants and variables,
; single or grouped in `const (...)` / `var (...)` blocks (iota enums are
; constants, as gopls and ctags have them).
;
; A single `const X = 1` / `type T struct{...}` spans its whole declaration
; (detail `const X = 1`, `type T struct`); in a group each spec spans itself
; (detail `X = 1`).  The `#not-match?` only ever runs on declarations with
; exactly one spec, never on big groups.
;
; Left out: imports; embedded interfaces and type-set constraints in
; interfaces (`fmt.Stringer`, `~int | ~string`: not members with a name of
; their own); local variables and constants (the engine drops those inside a
; function; the patterns are deliberately not anchored on `source_file`, which
; would cost a third of the query time, so the rare locals of a function
; literal assigned to a top-level var show under that var).  Function-local
; types are kept, nested under their function.

(package_clause (package_identifier) @name) @definition.package

(function_declaration name: (identifier) @name) @definition.function

(method_declaration
  receiver: (parameter_list (parameter_declaration type: (_) @container))
  name: (field_identifier) @name) @definition.method

; --- types --------------------------------------------------------------
; grouped: type ( A int; B struct{...} )
(type_declaration "("
  (type_spec name: (type_identifier) @name) @definition.type)
(type_declaration "("
  (type_alias name: (type_identifier) @name) @definition.type)
(type_declaration "("
  (type_spec name: (type_identifier) @name
    type: (struct_type (field_declaration_list) @body)) @definition.struct)
(type_declaration "("
  (type_spec name: (type_identifier) @name
    type: (interface_type)) @definition.interface)

; single: type A int
((type_declaration . (type_spec name: (type_identifier) @name) .) @definition.type
  (#not-match? @definition.type "^type\\s*\\("))
((type_declaration . (type_alias name: (type_identifier) @name) .) @definition.type
  (#not-match? @definition.type "^type\\s*\\("))
((type_declaration
   . (type_spec name: (type_identifier) @name
       type: (struct_type (field_declaration_list) @body)) .) @definition.struct
  (#not-match? @definition.struct "^type\\s*\\("))
((type_declaration
   . (type_spec name: (type_identifier) @name type: (interface_type)) .) @definition.interface
  (#not-match? @definition.interface "^type\\s*\\("))

; struct fields: `Name string`, `X, Y int` (each name spans only itself, as
; for consts below), embedded `*T`, `pkg.T`, `T[int]`
(field_declaration . (field_identifier) @name . type: (_)) @definition.field
(field_declaration (field_identifier) @name @definition.field . ",")
(field_declaration "," @_sep . (field_identifier) @name @definition.field)
(field_declaration !name type: (type_identifier) @name) @definition.field
(field_declaration !name type: (qualified_type name: (type_identifier) @name)) @definition.field
(field_declaration !name type: (generic_type type: (type_identifier) @name)) @definition.field
(field_declaration !name
  type: (generic_type type: (qualified_type name: (type_identifier) @name))) @definition.field

; interface methods
(method_elem name: (field_identifier) @name) @definition.method

; --- constants and variables ------------------------------------------
; A spec with one name spans itself (grouped) or its declaration (single);
; `[type: (_) value: (_)]` right after the first name, or nothing at all
; (`B` in an iota group), tells it from a spec with several names.
(const_declaration "("
  (const_spec . (identifier) @name . [type: (_) value: (_)]) @definition.constant)
(const_declaration "("
  (const_spec . (identifier) @name .) @definition.constant)
((const_declaration . (const_spec . (identifier) @name . [type: (_) value: (_)]) .) @definition.constant
  (#not-match? @definition.constant "^const\\s*\\("))

(var_declaration
  (var_spec . (identifier) @name . [type: (_) value: (_)])) @definition.variable
(var_declaration
  (var_spec_list (var_spec . (identifier) @name . [type: (_) value: (_)]) @definition.variable))

; Several names in one spec (`var x, y int`, `A, B = 1, 2`): each spans only
; its name, as the engine would nest every name under a first one spanning
; the spec (a range inside another is its child).  The `,` is captured
; (@_sep, ignored): left uncaptured, `"," . (identifier)` matches only the
; first such pair of a spec (`x, y, z`: y but not z).
(const_spec (identifier) @name @definition.constant . ",")
(const_spec "," @_sep . (identifier) @name @definition.constant)
(var_declaration (var_spec (identifier) @name @definition.variable . ","))
(var_declaration (var_spec "," @_sep . (identifier) @name @definition.variable))
(var_spec_list (var_spec (identifier) @name @definition.variable . ","))
(var_spec_list (var_spec "," @_sep . (identifier) @name @definition.variable))
