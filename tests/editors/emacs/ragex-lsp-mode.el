;; ragex-lsp with lsp-mode (8.0+): an add-on client, so it runs next to each language's own server.
(with-eval-after-load 'lsp-mode
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection '("ragex-lsp"))
    :activation-fn (lsp-activate-on "python" "javascript" "typescript" "typescriptreact" "javascriptreact"
                                    "go" "rust" "java" "c" "cpp" "csharp" "ruby" "php" "kotlin" "swift"
                                    "scala" "lua" "shellscript")
    :server-id 'ragex
    :add-on? t
    :multi-root t
    :priority -2)))
(dolist (hook '(python-mode-hook js-mode-hook typescript-mode-hook go-mode-hook rust-mode-hook java-mode-hook
                c-mode-hook c++-mode-hook csharp-mode-hook ruby-mode-hook php-mode-hook kotlin-mode-hook
                swift-mode-hook scala-mode-hook lua-mode-hook sh-mode-hook))
  (add-hook hook #'lsp-deferred))
