# ASan+UBSan for the dev and ci presets; UBSan findings abort so a test cannot pass over them.
if(MLOPS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
