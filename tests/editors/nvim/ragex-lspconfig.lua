-- ragex-lsp through nvim-lspconfig's (pre-0.11) setup() framework.
local lspconfig = require('lspconfig')
local configs = require('lspconfig.configs')
if not configs.ragex then
  configs.ragex = {
    default_config = {
      cmd = { 'ragex-lsp' },
      filetypes = {
        'python', 'javascript', 'typescript', 'typescriptreact', 'javascriptreact', 'go', 'rust', 'java',
        'c', 'cpp', 'cs', 'ruby', 'php', 'kotlin', 'swift', 'scala', 'lua', 'sh',
      },
      root_dir = lspconfig.util.root_pattern('.git', '.hg', '.ragexignore'),
      settings = {},
    },
    docs = { description = 'ragex-lsp: instant workspace-wide symbol search' },
  }
end
lspconfig.ragex.setup({})
