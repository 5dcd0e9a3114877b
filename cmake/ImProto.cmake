# im_generate_proto(<out_dir>): the protoc rules for proto/im.proto (the original's wire schema)
# and proto/im_ext.proto (the protocol extensions), producing <out_dir>/im/wire/<name>.pb.{cc,h}.
# Shared by libim and the fuzz build, which compiles only the generated code and the codec
# instead of all of libim.
function(im_generate_proto out_dir)
  file(MAKE_DIRECTORY ${out_dir}/im/wire)
  foreach(name im im_ext)
    set(proto ${PROJECT_SOURCE_DIR}/proto/${name}.proto)
    add_custom_command(
      OUTPUT ${out_dir}/im/wire/${name}.pb.cc ${out_dir}/im/wire/${name}.pb.h
      COMMAND protobuf::protoc --cpp_out=${out_dir}/im/wire -I ${PROJECT_SOURCE_DIR}/proto ${proto}
      DEPENDS ${proto}
      COMMENT "protoc ${name}.proto")
  endforeach()
endfunction()
