; Rust: modules (`mod`, inline or `mod x;`), structs and unions (struct)
; with their named fields, enums with their variants (enum_member; the
; fields of a struct-like variant nest under it), traits (trait) with their
; functions (methods), associated consts and types, `impl` blocks (impl:
; named by their header, e.g. `impl<T> Display for Point<T>`, and giving the
; impl type `Point` as container to the methods, consts and types inside),
; functions (nested functions stay under their function), `extern` block
; functions, consts (constant), statics (variable), type aliases (type),
; `macro_rules!` (macro).
;
; `mod` is captured as a namespace, not a module: the engine turns functions
; directly in a module into methods (and variables into fields), which is
; wrong for Rust (`mod tests { fn it_works() }`).
;
; Details leave out the trailing `;` of bodiless items (`fn f();`,
; `const X: u8 = 1;`): the `;` token is captured as @body.
;
; Left out: attributes and doc comments (siblings of the item in this
; grammar, so a range cannot include them); positional fields of tuple
; structs and variants (no names); `let` bindings (locals); items made by
; macro invocations; `use` declarations.

(mod_item name: (identifier) @name) @definition.namespace
(mod_item name: (identifier) @name ";" @body) @definition.namespace

(struct_item name: (type_identifier) @name) @definition.struct
(struct_item name: (type_identifier) @name ";" @body) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(field_declaration name: (field_identifier) @name) @definition.field

(enum_item name: (type_identifier) @name) @definition.enum
(enum_variant name: (identifier) @name) @definition.enum_member

(trait_item name: (type_identifier) @name) @definition.trait

(impl_item type: (_) @name body: (declaration_list)) @definition.impl
; the name stops before a where clause: `impl<T> Display for Point<T>`
(impl_item type: (_) @name (where_clause) @body) @definition.impl

(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name ";" @body) @definition.function

(const_item name: (identifier) @name ";" @body) @definition.constant
(static_item name: (identifier) @name ";" @body) @definition.variable
(type_item name: (type_identifier) @name ";" @body) @definition.type
(associated_type name: (type_identifier) @name ";" @body) @definition.type

(macro_definition name: (identifier) @name) @definition.macro
(macro_definition name: (identifier) @name . (macro_rule) @body) @definition.macro
