-- ragex-lsp for Neovim 0.8-0.10 (init.lua): vim.lsp.start reuses the client of the same root.
vim.api.nvim_create_autocmd('FileType', {
  pattern = {
    'python', 'javascript', 'typescript', 'typescriptreact', 'javascriptreact', 'go', 'rust', 'java',
    'c', 'cpp', 'cs', 'ruby', 'php', 'kotlin', 'swift', 'scala', 'lua', 'sh',
  },
  callback = function(args)
    local path = vim.api.nvim_buf_get_name(args.buf)
    if path == '' or vim.bo[args.buf].buftype ~= '' then
      return
    end
    local marker = vim.fs.find({ '.git', '.hg', '.ragexignore' }, { upward = true, path = vim.fs.dirname(path) })[1]
    if not marker then
      return
    end
    vim.lsp.start({
      name = 'ragex',
      cmd = { 'ragex-lsp' },
      root_dir = vim.fs.dirname(marker),
    })
  end,
})
