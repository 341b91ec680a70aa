-- ragex-lsp for Neovim 0.7 (init.lua): one client per project root.
local ragex_filetypes = {
  'python', 'javascript', 'typescript', 'typescriptreact', 'javascriptreact', 'go', 'rust', 'java',
  'c', 'cpp', 'cs', 'ruby', 'php', 'kotlin', 'swift', 'scala', 'lua', 'sh',
}
local ragex_root_markers = { '.git', '.hg', '.ragexignore' }
local ragex_clients = {} -- project root -> client id

-- The nearest directory above `path` holding a root marker, or nil.
local function ragex_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, marker in ipairs(ragex_root_markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = ragex_filetypes,
  callback = function(args)
    local path = vim.api.nvim_buf_get_name(args.buf)
    local root = path ~= '' and vim.bo[args.buf].buftype == '' and ragex_root(path)
    if not root then
      return
    end
    local id = ragex_clients[root]
    if not id or vim.lsp.client_is_stopped(id) then
      id = vim.lsp.start_client({
        name = 'ragex',
        cmd = { 'ragex-lsp' },
        root_dir = root,
      })
      ragex_clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})

